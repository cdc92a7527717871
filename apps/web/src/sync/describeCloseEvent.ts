const CLOSE_CODE_TEXT: Record<number, string> = {
  1009: 'a message was too large for the server',
  4400: 'the server rejected a malformed message',
  4401: 'your session or sync token is no longer valid',
  4403: 'you do not have access to this document',
  4413: 'the change is too large to store',
  4500: 'the server could not save changes',
};

// Closes that only ask the client to reconnect (server restart, idle timeout): not errors.
const TRANSIENT_CODES = new Set([4205, 4408]);
const TRANSIENT_REASONS = new Set(['Reset Connection', 'Connection Timeout']);

/**
 * Turns a Hocuspocus close (socket close, or a per-document CLOSE message, which arrives with code
 * 1000 and the reason text) into a user-facing sentence, or null for an ordinary disconnect.
 */
export function describeCloseEvent(event: { code: number; reason?: string }): string | null {
  const reason = event.reason?.trim() ?? '';
  if (TRANSIENT_CODES.has(event.code) || TRANSIENT_REASONS.has(reason)) return null;
  const known = CLOSE_CODE_TEXT[event.code];
  if (known || event.code >= 4000) {
    const text = known ?? `the server closed the connection (code ${event.code})`;
    return reason ? `Sync refused: ${text} (${reason})` : `Sync refused: ${text}`;
  }
  if (reason && event.code === 1000) return `Sync refused: ${reason}`;
  return null;
}
