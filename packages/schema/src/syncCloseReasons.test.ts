import { describe, expect, it } from 'vitest';
import {
  fitCloseReason,
  lookupSyncClose,
  MAX_CLOSE_REASON_BYTES,
  readCloseReason,
  SYNC_CLOSE_REASONS,
  type SyncCloseReasonName,
  syncCloseEvent,
} from './syncCloseReasons';

const NAMES = Object.keys(SYNC_CLOSE_REASONS) as SyncCloseReasonName[];

function utf8Bytes(text: string): number {
  return [...text].reduce((n, c) => {
    const p = c.codePointAt(0) as number;
    return n + (p < 0x80 ? 1 : p < 0x800 ? 2 : p < 0x10000 ? 3 : 4);
  }, 0);
}

describe('sync close reasons', () => {
  it('uses 4000 + an HTTP status for every close Synapse sends, and one error code per entry', () => {
    const errors = NAMES.map((name) => SYNC_CLOSE_REASONS[name].error).filter((e) => e !== null);
    expect(new Set(errors).size).toBe(errors.length);
    for (const name of NAMES) {
      const entry = SYNC_CLOSE_REASONS[name];
      if (entry.error !== null) expect(entry.code, name).toBeGreaterThanOrEqual(4400);
      if (entry.blame === 'connection' && entry.action === 'reject') expect(entry.frame, name).toBeDefined();
    }
  });

  it('writes the error code and sizes before the message, and reads them back', () => {
    const event = syncCloseEvent('messageTooLarge', { limit: 262144, actual: 300123, message: 'too big' });
    expect(event).toEqual({
      code: 4413,
      reason: 'synapse.sync.message_too_large [limit=262144 actual=300123]: too big',
    });
    expect(readCloseReason(event.reason)).toEqual({
      error: 'synapse.sync.message_too_large',
      limit: 262144,
      actual: 300123,
      message: 'too big',
    });
    expect(syncCloseEvent('revoked', { message: 'you signed out' }).reason).toBe(
      'synapse.sync.revoked: you signed out',
    );
    expect(syncCloseEvent('rateLimited')).toEqual({ code: 4429, reason: 'synapse.sync.rate_limited' });
    expect(syncCloseEvent('resetConnection')).toEqual({ code: 4205, reason: 'Reset Connection' });
  });

  it('never reads sizes out of the message', () => {
    expect(readCloseReason('synapse.sync.message_too_large: 300123 > 262144 bytes')).toMatchObject({
      limit: null,
      actual: null,
      message: '300123 > 262144 bytes',
    });
    expect(readCloseReason('synapse.sync.invalid_update: [limit=5] in a prompt')).toMatchObject({
      limit: null,
    });
    expect(readCloseReason('Reset Connection')).toEqual({
      error: null,
      limit: null,
      actual: null,
      message: 'Reset Connection',
    });
    expect(readCloseReason('synapse.sync.x [limit=-1 actual=abc]').limit).toBeNull();
  });

  it('shortens a reason to a close frame from the end, keeping the code and sizes', () => {
    const long = syncCloseEvent('invalidUpdate', { limit: 65536, actual: 70000, message: 'é'.repeat(200) });
    const fitted = fitCloseReason(long.reason);
    expect(utf8Bytes(fitted)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
    expect(readCloseReason(fitted)).toMatchObject({ error: 'synapse.sync.invalid_update', limit: 65536 });
    expect(fitCloseReason('short')).toBe('short');
    expect(fitCloseReason('😀😀', 5)).toBe('😀');
  });

  it('finds every entry from the event the server builds, as a socket close and as a document close', () => {
    for (const name of NAMES) {
      const event = syncCloseEvent(name, { limit: 10, actual: 11, message: 'why' });
      expect(lookupSyncClose(event)?.name, name).toBe(name);
      expect(lookupSyncClose({ code: event.code, reason: fitCloseReason(event.reason) })?.name, name).toBe(
        name,
      );
      expect(lookupSyncClose({ code: 1000, reason: event.reason })?.name, name).toBe(name);
    }
  });

  it('falls back to the close code, and knows nothing of other closes', () => {
    expect(lookupSyncClose({ code: 4403, reason: 'Forbidden' })?.name).toBe('forbidden');
    expect(lookupSyncClose({ code: 4413, reason: '' })?.name).toBe('messageTooLarge');
    expect(lookupSyncClose({ code: 4400, reason: 'synapse.something_else: x' })?.name).toBe('malformedFrame');
    expect(lookupSyncClose({ code: 1000, reason: 'synapse.something_else: x' })).toBeNull();
    expect(lookupSyncClose({ code: 1006, reason: '' })).toBeNull();
    expect(lookupSyncClose({ code: 4999 })).toBeNull();
  });
});
