import {
  fitCloseReason,
  SYNC_CLOSE_REASONS,
  type SyncCloseReasonName,
  syncCloseEvent,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { classifyAuthFailure, classifyClose, type SyncRefusal } from './classifyClose';

const TOO_LARGE_TO_SEND = 'The server refused a change because it is too large to send.';
const SLOW_DOWN = 'The server asked this app to slow down. Retrying…';

type Pinned =
  | { kind: 'ignore' }
  | { kind: 'retry'; message: string }
  | { kind: 'reject'; message: string; blame: 'size' | 'last-frame' | null; refusedChange: boolean };

// What the client does for each entry of the shared table, as the server sends it (with sizes 100/150).
// Adding an entry to SYNC_CLOSE_REASONS without deciding its classification here fails the test below.
const PINNED: Record<SyncCloseReasonName, Pinned> = {
  resetConnection: { kind: 'ignore' },
  connectionTimeout: { kind: 'ignore' },
  messageTooBig: { kind: 'reject', message: TOO_LARGE_TO_SEND, blame: 'size', refusedChange: true },
  malformedFrame: {
    kind: 'reject',
    message: 'The server could not read a message from this app.',
    blame: 'last-frame',
    refusedChange: true,
  },
  unauthorized: { kind: 'retry', message: 'Your session has expired. Sign in again to keep syncing.' },
  forbidden: {
    kind: 'reject',
    message: 'You do not have access to this document.',
    blame: null,
    refusedChange: false,
  },
  revoked: {
    kind: 'reject',
    message: 'Your access to this workspace was removed.',
    blame: null,
    refusedChange: false,
  },
  twoFactorRequired: {
    kind: 'reject',
    message: 'This workspace requires two-factor authentication — set it up in Settings → Security.',
    blame: null,
    refusedChange: false,
  },
  messageTooLarge: { kind: 'reject', message: TOO_LARGE_TO_SEND, blame: 'size', refusedChange: true },
  documentTooLarge: {
    kind: 'reject',
    message: 'The server refused a change because this document would grow past its size limit.',
    blame: null,
    refusedChange: true,
  },
  invalidUpdate: {
    kind: 'reject',
    message: 'The server refused a change that is larger than it accepts in one piece.',
    blame: null,
    refusedChange: true,
  },
  rateLimited: { kind: 'retry', message: SLOW_DOWN },
  tooManyDocuments: { kind: 'retry', message: SLOW_DOWN },
  persistFailed: { kind: 'retry', message: 'The server could not save the latest changes. Retrying…' },
};

function pinnedShape(refusal: SyncRefusal): Pinned {
  if (refusal.kind !== 'reject')
    return refusal.kind === 'retry' ? { kind: 'retry', message: refusal.message } : refusal;
  return {
    kind: 'reject',
    message: refusal.message,
    blame: refusal.blame?.by ?? null,
    refusedChange: refusal.refusedChange,
  };
}

describe('classifyClose', () => {
  it('classifies every close of the shared table as pinned, as a socket close and as a document close', () => {
    const names = Object.keys(SYNC_CLOSE_REASONS) as SyncCloseReasonName[];
    expect(Object.keys(PINNED).sort()).toEqual([...names].sort());
    for (const name of names) {
      const event = syncCloseEvent(name, { limit: 100, actual: 150, message: 'why' });
      const asSocket = classifyClose({ code: event.code, reason: fitCloseReason(event.reason) });
      const asDocument = classifyClose({ code: 1000, reason: event.reason });
      expect(pinnedShape(asSocket), `${name} (socket close)`).toEqual(PINNED[name]);
      expect(pinnedShape(asDocument), `${name} (document close)`).toEqual(PINNED[name]);
      // Sizes come from the structured fields of the reason, for every entry that blames a frame by size.
      if (asSocket.kind === 'reject' && asSocket.blame?.by === 'size' && SYNC_CLOSE_REASONS[name].error) {
        expect(asSocket.blame, name).toEqual({ by: 'size', actual: 150, limit: 100 });
      }
      if (asSocket.kind !== 'ignore') expect(asSocket.detail).toContain(`(close code ${event.code})`);
    }
  });

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
    const { reason } = syncCloseEvent('documentTooLarge', {
      limit: 65536,
      actual: 70000,
      message: 'too big',
    });
    const refusal = classifyClose({ code: 1000, reason });
    expect(refusal).toMatchObject({
      kind: 'reject',
      blame: null,
      message: expect.stringMatching(/size limit/),
    });
    expect(refusal.kind === 'reject' && refusal.detail).toContain('document_too_large');
  });

  it('blames an oversized frame by the sizes the close carries, and by size alone without them', () => {
    const { code, reason } = syncCloseEvent('messageTooLarge', { limit: 262144, actual: 300123 });
    expect(classifyClose({ code, reason })).toMatchObject({
      kind: 'reject',
      blame: { by: 'size', actual: 300123, limit: 262144 },
    });
    // A message that mentions numbers is never read for sizes.
    expect(
      classifyClose({ code: 4413, reason: 'synapse.sync.message_too_large: 300123 > 262144 bytes' }),
    ).toMatchObject({ kind: 'reject', blame: { by: 'size', actual: null, limit: null } });
    expect(classifyClose({ code: 4413, reason: '' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'size', actual: null, limit: null },
    });
    expect(classifyClose({ code: 1009, reason: '' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'size' },
    });
  });

  it('explains an invalid update by its structured fields, never by its wording', () => {
    const invalid = 'The server rejected a change that does not follow the workflow format.';
    expect(classifyClose(syncCloseEvent('invalidUpdate', { message: 'nodes.x.type' }))).toMatchObject({
      kind: 'reject',
      blame: null,
      message: invalid,
    });
    expect(
      classifyClose({
        code: 1000,
        reason: 'synapse.sync.invalid_update: a.b: text insertion larger than 262144',
      }),
    ).toMatchObject({ kind: 'reject', message: invalid });
    const sized = syncCloseEvent('invalidUpdate', { limit: 262144, actual: 300000, message: 'a.b' });
    expect(classifyClose({ code: 1000, reason: sized.reason })).toMatchObject({
      kind: 'reject',
      message: expect.stringMatching(/larger than it accepts/),
    });
  });

  it('falls back to the close code, and rejects closes it does not know', () => {
    expect(classifyClose({ code: 4403, reason: '' })).toMatchObject({
      kind: 'reject',
      refusedChange: false,
      message: 'You do not have access to this document.',
    });
    expect(classifyClose({ code: 4400, reason: 'truncated' })).toMatchObject({
      kind: 'reject',
      blame: { by: 'last-frame' },
    });
    expect(classifyClose({ code: 4999, reason: '' })).toMatchObject({ kind: 'reject', blame: null });
    expect(classifyClose({ code: 1000, reason: 'something odd' })).toMatchObject({
      kind: 'reject',
      blame: null,
      refusedChange: false,
    });
  });
});

describe('classifyAuthFailure', () => {
  it('retries when the token could not be fetched or expired, rejects a refusal', () => {
    expect(classifyAuthFailure('Failed to get token during sendToken(): TypeError').kind).toBe('retry');
    expect(
      classifyAuthFailure(syncCloseEvent('unauthorized', { message: 'bad signature' }).reason).kind,
    ).toBe('retry');
    expect(
      classifyAuthFailure(syncCloseEvent('forbidden', { message: 'no access to ws/x/index' }).reason),
    ).toMatchObject({
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
