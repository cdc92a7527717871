import { describe, expect, it } from 'vitest';
import { classifyAuthFailure, classifyClose } from './classifyClose';

describe('classifyClose', () => {
  it('ignores ordinary disconnects and server-requested reconnects', () => {
    for (const event of [
      { code: 1006, reason: '' },
      { code: 1000, reason: '' },
      { code: 1001 },
      { code: 4205, reason: 'Reset Connection' },
      { code: 1000, reason: 'Reset Connection' },
      { code: 4408, reason: 'Connection Timeout' },
    ]) {
      expect(classifyClose(event)).toEqual({ kind: 'ignore' });
    }
  });

  it('rejects a document over the size cap (a per-document close: code 1000 + reason)', () => {
    const refusal = classifyClose({
      code: 1000,
      reason: 'synapse.sync.document_too_large: document would exceed 65536 bytes',
    });
    expect(refusal).toMatchObject({
      kind: 'reject',
      blame: null,
      message: expect.stringMatching(/size limit/),
    });
    expect(refusal.kind === 'reject' && refusal.detail).toContain('document_too_large');
  });

  it('rejects an oversized frame and reports its size for blame, whatever the close code', () => {
    expect(
      classifyClose({ code: 4413, reason: 'synapse.sync.message_too_large: 300123 > 262144 bytes' }),
    ).toMatchObject({ kind: 'reject', blame: { by: 'size', size: 300123, cap: 262144 } });
    expect(
      classifyClose({ code: 1000, reason: 'synapse.sync.message_too_large: 9 > 8 bytes' }),
    ).toMatchObject({
      kind: 'reject',
      blame: { by: 'size', size: 9, cap: 8 },
    });
    expect(classifyClose({ code: 4413, reason: '' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'size', size: null, cap: null },
    });
    expect(classifyClose({ code: 1009, reason: '' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'size' },
    });
  });

  it('rejects schema-invalid updates, refused access and malformed frames', () => {
    expect(classifyClose({ code: 4422, reason: 'synapse.sync.invalid_update: nodes.x.type' })).toMatchObject({
      kind: 'reject',
      blame: null,
      message: expect.stringMatching(/workflow format/),
    });
    expect(
      classifyClose({
        code: 1000,
        reason: 'synapse.sync.invalid_update: a.b: text insertion larger than 262144',
      }),
    ).toMatchObject({ kind: 'reject', message: expect.stringMatching(/larger than it accepts/) });
    expect(classifyClose({ code: 4403, reason: '' })).toMatchObject({
      kind: 'reject',
      refusedChange: false,
      message: 'You do not have access to this document.',
    });
    expect(classifyClose({ code: 1000, reason: 'synapse.sync.revoked: removed' })).toMatchObject({
      kind: 'reject',
      message: expect.stringMatching(/removed/),
    });
    expect(classifyClose({ code: 4400, reason: 'synapse.sync.malformed_frame: truncated' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'last-frame' },
    });
    expect(classifyClose({ code: 4999, reason: '' })).toMatchObject({ kind: 'reject', blame: null });
    expect(classifyClose({ code: 1000, reason: 'something odd' })).toMatchObject({
      kind: 'reject',
      blame: null,
    });
  });

  it('retries a failed save, an expired session and rate limits', () => {
    expect(classifyClose({ code: 4500, reason: 'synapse.sync.persist_failed: update not saved' }).kind).toBe(
      'retry',
    );
    expect(classifyClose({ code: 4401, reason: 'synapse.unauthorized: expired' })).toMatchObject({
      kind: 'retry',
      message: expect.stringMatching(/Sign in/),
    });
    expect(classifyClose({ code: 4429, reason: 'synapse.sync.rate_limited: too many messages' }).kind).toBe(
      'retry',
    );
    expect(classifyClose({ code: 1000, reason: 'synapse.sync.rate_limited: too many messages' }).kind).toBe(
      'retry',
    );
  });
});

describe('classifyAuthFailure', () => {
  it('retries when the token could not be fetched or expired, rejects a refusal', () => {
    expect(classifyAuthFailure('Failed to get token during sendToken(): TypeError').kind).toBe('retry');
    expect(classifyAuthFailure('synapse.unauthorized: bad signature').kind).toBe('retry');
    expect(classifyAuthFailure('synapse.sync.forbidden: no access to ws/x/index')).toMatchObject({
      kind: 'reject',
      blame: null,
      message: 'You do not have access to this document.',
    });
    expect(classifyAuthFailure('')).toMatchObject({
      kind: 'reject',
      message: 'You do not have access to this document.',
    });
  });
});
