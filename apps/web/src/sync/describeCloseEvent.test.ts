import { describe, expect, it } from 'vitest';
import { describeCloseEvent } from './describeCloseEvent';

describe('describeCloseEvent', () => {
  it('is silent for ordinary disconnects and server-requested reconnects', () => {
    expect(describeCloseEvent({ code: 1006, reason: '' })).toBeNull();
    expect(describeCloseEvent({ code: 1000, reason: '' })).toBeNull();
    expect(describeCloseEvent({ code: 4205, reason: 'Reset Connection' })).toBeNull();
    expect(describeCloseEvent({ code: 1000, reason: 'Reset Connection' })).toBeNull();
  });

  it('explains refusals with the server reason', () => {
    expect(describeCloseEvent({ code: 4403, reason: 'synapse.sync.forbidden: no access' })).toBe(
      'Sync refused: you do not have access to this document (synapse.sync.forbidden: no access)',
    );
    expect(describeCloseEvent({ code: 1000, reason: 'synapse.sync.document_too_large: 17 MB' })).toBe(
      'Sync refused: synapse.sync.document_too_large: 17 MB',
    );
    expect(describeCloseEvent({ code: 4999, reason: '' })).toBe(
      'Sync refused: the server closed the connection (code 4999)',
    );
  });
});
