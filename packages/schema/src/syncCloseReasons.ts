// Why the sync server closes a connection, in one table that the server builds close events from and the
// client classifies them by (like tldraw's TLSyncErrorCloseEventReason). A close reason on the wire is
//
//   <error code>[ [limit=<n>][ actual=<n>]][: <message for people>]
//
// e.g. `synapse.sync.message_too_large [limit=262144 actual=300123]: frame too large`. The error code and
// the bracketed sizes are the machine-readable part; the message is only ever shown, never interpreted, so
// rewording it cannot change what a client does. Hocuspocus's own closes carry no error code: they are
// known by their fixed text. See docs/document-schema.md §14.
import { type ErrorCode, ErrorCodes } from './errorCodes';

/** What the client does: nothing (an ordinary reconnect), retry with a reason shown, or stop syncing. */
export type CloseAction = 'ignore' | 'retry' | 'reject';

export interface SyncCloseReason {
  /** WebSocket close code: 4000 + the HTTP status it corresponds to (Hocuspocus's convention). */
  code: number;
  /** The dotted error code that starts the reason; null for Hocuspocus's own closes. */
  error: ErrorCode | null;
  /** Hocuspocus's fixed reason text, for its own closes (which have no error code). */
  text?: string;
  action: CloseAction;
  /**
   * Who is at fault. `document`: the document the close was addressed to. `connection`: the whole socket
   * was closed for one frame; `frame` says how the client finds whose — the one over the size limit, or
   * the one sent last.
   */
  blame: 'document' | 'connection';
  frame?: 'size' | 'last';
  /** The server refused a change the client sent (rather than access to the document as a whole). */
  refusesChange: boolean;
}

export const SYNC_CLOSE_REASONS = {
  // Hocuspocus asks the client to reconnect: not errors.
  resetConnection: {
    code: 4205,
    error: null,
    text: 'Reset Connection',
    action: 'ignore',
    blame: 'connection',
    refusesChange: false,
  },
  connectionTimeout: {
    code: 4408,
    error: null,
    text: 'Connection Timeout',
    action: 'ignore',
    blame: 'connection',
    refusesChange: false,
  },
  // The WebSocket layer's own cap on a frame (ws `maxPayload`).
  messageTooBig: {
    code: 1009,
    error: null,
    text: 'Message Too Big',
    action: 'reject',
    blame: 'connection',
    frame: 'size',
    refusesChange: true,
  },
  malformedFrame: {
    code: 4400,
    error: ErrorCodes.syncMalformedFrame,
    action: 'reject',
    blame: 'connection',
    frame: 'last',
    refusesChange: true,
  },
  unauthorized: {
    code: 4401,
    error: ErrorCodes.unauthorized,
    action: 'retry',
    blame: 'document',
    refusesChange: false,
  },
  forbidden: {
    code: 4403,
    error: ErrorCodes.syncForbidden,
    action: 'reject',
    blame: 'document',
    refusesChange: false,
  },
  revoked: {
    code: 4403,
    error: ErrorCodes.syncRevoked,
    action: 'reject',
    blame: 'document',
    refusesChange: false,
  },
  // The workspace requires two-factor authentication that this account or session does not have.
  twoFactorRequired: {
    code: 4403,
    error: ErrorCodes.twoFactorRequired,
    action: 'reject',
    blame: 'document',
    refusesChange: false,
  },
  messageTooLarge: {
    code: 4413,
    error: ErrorCodes.syncMessageTooLarge,
    action: 'reject',
    blame: 'connection',
    frame: 'size',
    refusesChange: true,
  },
  documentTooLarge: {
    code: 4413,
    error: ErrorCodes.syncDocumentTooLarge,
    action: 'reject',
    blame: 'document',
    refusesChange: true,
  },
  invalidUpdate: {
    code: 4422,
    error: ErrorCodes.syncInvalidUpdate,
    action: 'reject',
    blame: 'document',
    refusesChange: true,
  },
  rateLimited: {
    code: 4429,
    error: ErrorCodes.syncRateLimited,
    action: 'retry',
    blame: 'connection',
    refusesChange: false,
  },
  tooManyDocuments: {
    code: 4429,
    error: ErrorCodes.syncTooManyDocuments,
    action: 'retry',
    blame: 'connection',
    refusesChange: false,
  },
  persistFailed: {
    code: 4500,
    error: ErrorCodes.syncPersistFailed,
    action: 'retry',
    blame: 'connection',
    refusesChange: false,
  },
} as const satisfies Record<string, SyncCloseReason>;

export type SyncCloseReasonName = keyof typeof SYNC_CLOSE_REASONS;

/** Structured sizes a close carries (bytes, or a count for tooManyDocuments). */
export interface CloseSizes {
  limit?: number;
  actual?: number;
}

export interface SyncCloseEvent {
  code: number;
  reason: string;
}

/** The close event for a table entry: its code and a reason in the wire format above. */
export function syncCloseEvent(
  name: SyncCloseReasonName,
  details: CloseSizes & { message?: string } = {},
): SyncCloseEvent {
  const entry: SyncCloseReason = SYNC_CLOSE_REASONS[name];
  if (entry.error === null) return { code: entry.code, reason: entry.text ?? '' };
  const sizes = (['limit', 'actual'] as const)
    .filter((key) => details[key] !== undefined)
    .map((key) => `${key}=${Math.max(0, Math.floor(details[key] as number))}`);
  const head = sizes.length > 0 ? `${entry.error} [${sizes.join(' ')}]` : entry.error;
  return { code: entry.code, reason: details.message ? `${head}: ${details.message}` : head };
}

/** The largest close reason a WebSocket close frame carries, in UTF-8 bytes (RFC 6455 §5.5). */
export const MAX_CLOSE_REASON_BYTES = 123;

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Shortens a reason to fit a WebSocket close frame, cutting only from the end (the message): the error
 * code and sizes come first, so they survive. Per-document closes travel in a Hocuspocus message and
 * keep the whole reason.
 */
export function fitCloseReason(reason: string, maxBytes = MAX_CLOSE_REASON_BYTES): string {
  let bytes = 0;
  let end = 0;
  for (const char of reason) {
    bytes += utf8Length(char.codePointAt(0) as number);
    if (bytes > maxBytes) return reason.slice(0, end);
    end += char.length;
  }
  return reason;
}

export interface ReadCloseReason {
  /** The dotted error code the reason starts with, or null if it has none. */
  error: string | null;
  limit: number | null;
  actual: number | null;
  /** The part for people (the whole reason if it has no error code). */
  message: string;
}

const ERROR_CODE_CHARS = /^synapse(\.[a-z0-9_]+)+$/;

/** Reads the machine-readable head of a close reason (see the format above). */
export function readCloseReason(reason: string): ReadCloseReason {
  const read: ReadCloseReason = { error: null, limit: null, actual: null, message: reason };
  const colon = reason.indexOf(': ');
  const head = colon === -1 ? reason : reason.slice(0, colon);
  const [error, ...rest] = head.split(' ');
  if (!error || !ERROR_CODE_CHARS.test(error)) return read;
  read.error = error;
  read.message = colon === -1 ? '' : reason.slice(colon + 2);
  const sizes = rest.join(' ');
  if (sizes.startsWith('[') && sizes.endsWith(']')) {
    for (const field of sizes.slice(1, -1).split(' ')) {
      const [key, value] = field.split('=');
      const n = Number(value);
      if ((key === 'limit' || key === 'actual') && value !== '' && Number.isSafeInteger(n) && n >= 0) {
        read[key] = n;
      }
    }
  }
  return read;
}

export interface SyncCloseLookup extends ReadCloseReason {
  name: SyncCloseReasonName;
  entry: SyncCloseReason;
}

const ENTRIES = Object.entries(SYNC_CLOSE_REASONS) as [SyncCloseReasonName, SyncCloseReason][];

/**
 * Finds the table entry for a close: by the reason's error code (per-document closes arrive with code
 * 1000, so the error code decides), else by Hocuspocus's fixed text, else by the close code (the first
 * entry with that code). Null for a close the table does not know.
 */
export function lookupSyncClose(event: { code: number; reason?: string }): SyncCloseLookup | null {
  const reason = event.reason?.trim() ?? '';
  const read = readCloseReason(reason);
  const found =
    (read.error !== null &&
      (ENTRIES.find(([, entry]) => entry.error === read.error && entry.code === event.code) ??
        ENTRIES.find(([, entry]) => entry.error === read.error))) ||
    (read.error === null && reason !== '' && ENTRIES.find(([, entry]) => entry.text === reason)) ||
    ENTRIES.find(([, entry]) => entry.code === event.code);
  if (!found) return null;
  return { ...read, name: found[0], entry: found[1] };
}
