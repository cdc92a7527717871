// What a refusal from the sync server means for one document: ignore it (an ordinary disconnect),
// retry (keep reconnecting, with a reason on screen), or reject (stop syncing that document: trying
// again would send the same refused change again, in a loop).

export interface CloseLike {
  code: number;
  reason?: string;
}

/**
 * Refusals of one frame close the whole socket (Hocuspocus multiplexes every document over it), so
 * every document hears them: only the one that sent the frame is at fault. `size`: the frame over the
 * message cap (sizes from the reason when it has them); `last-frame`: the frame sent last.
 */
export type Blame = { by: 'size'; size: number | null; cap: number | null } | { by: 'last-frame' };

export type SyncRefusal =
  | { kind: 'ignore' }
  | { kind: 'retry'; message: string; detail: string }
  | {
      kind: 'reject';
      message: string;
      detail: string;
      blame: Blame | null;
      /** The server refused a change this client sent (not access to the document as a whole). */
      refusedChange: boolean;
    };

// Closes that only ask the client to reconnect (server restart, idle timeout): not errors.
const TRANSIENT_CODES = new Set([4205, 4408]);
const TRANSIENT_REASONS = new Set(['Reset Connection', 'Connection Timeout']);

const TEXT = {
  documentTooLarge: 'The server refused a change because this document would grow past its size limit.',
  messageTooLarge: 'The server refused a change because it is too large to send.',
  valueTooLarge: 'The server refused a change that is larger than it accepts in one piece.',
  invalid: 'The server rejected a change that does not follow the workflow format.',
  forbidden: 'You do not have access to this document.',
  revoked: 'Your access to this workspace was removed.',
  malformed: 'The server could not read a message from this app.',
  unauthorized: 'Your session has expired. Sign in again to keep syncing.',
  persistFailed: 'The server could not save the latest changes. Retrying…',
  slowDown: 'The server asked this app to slow down. Retrying…',
  other: 'The server stopped syncing this document.',
};

type Rule =
  | { kind: 'retry'; text: string }
  | { kind: 'reject'; text: string; blame: 'size' | 'last-frame' | null; change?: true };

// Dotted reason prefixes first: a per-document CLOSE message carries only the reason, with code 1000.
const BY_REASON: [string, Rule][] = [
  [
    'synapse.sync.message_too_large',
    { kind: 'reject', text: TEXT.messageTooLarge, blame: 'size', change: true },
  ],
  [
    'synapse.sync.document_too_large',
    { kind: 'reject', text: TEXT.documentTooLarge, blame: null, change: true },
  ],
  ['synapse.sync.invalid_update', { kind: 'reject', text: TEXT.invalid, blame: null, change: true }],
  [
    'synapse.sync.malformed_frame',
    { kind: 'reject', text: TEXT.malformed, blame: 'last-frame', change: true },
  ],
  ['synapse.sync.forbidden', { kind: 'reject', text: TEXT.forbidden, blame: null }],
  ['synapse.forbidden', { kind: 'reject', text: TEXT.forbidden, blame: null }],
  ['synapse.sync.revoked', { kind: 'reject', text: TEXT.revoked, blame: null }],
  ['synapse.unauthorized', { kind: 'retry', text: TEXT.unauthorized }],
  ['synapse.sync.persist_failed', { kind: 'retry', text: TEXT.persistFailed }],
  ['synapse.sync.rate_limited', { kind: 'retry', text: TEXT.slowDown }],
  ['synapse.sync.too_many_documents', { kind: 'retry', text: TEXT.slowDown }],
  ['synapse.rate_limited', { kind: 'retry', text: TEXT.slowDown }],
];

const BY_CODE: Record<number, Rule> = {
  1009: { kind: 'reject', text: TEXT.messageTooLarge, blame: 'size', change: true },
  4400: { kind: 'reject', text: TEXT.malformed, blame: 'last-frame', change: true },
  4401: { kind: 'retry', text: TEXT.unauthorized },
  4403: { kind: 'reject', text: TEXT.forbidden, blame: null },
  4413: { kind: 'reject', text: TEXT.messageTooLarge, blame: 'size', change: true },
  4422: { kind: 'reject', text: TEXT.invalid, blame: null, change: true },
  4429: { kind: 'retry', text: TEXT.slowDown },
  4500: { kind: 'retry', text: TEXT.persistFailed },
};

function parseSizes(reason: string): { size: number | null; cap: number | null } {
  const match = /(\d+)\s*>\s*(\d+)/.exec(reason);
  if (match) return { size: Number(match[1]), cap: Number(match[2]) };
  const cap = /exceed\D*(\d+)/.exec(reason);
  return { size: null, cap: cap ? Number(cap[1]) : null };
}

/**
 * Classifies a socket close or a per-document CLOSE message (code 1000 and the server's reason). The
 * dotted error code at the start of the reason wins over the close code (4000 + HTTP status).
 */
export function classifyClose(event: CloseLike): SyncRefusal {
  const reason = event.reason?.trim() ?? '';
  const { code } = event;
  if (TRANSIENT_CODES.has(code) || TRANSIENT_REASONS.has(reason)) return { kind: 'ignore' };
  const byReason = BY_REASON.find(([prefix]) => reason.startsWith(prefix))?.[1];
  let rule = byReason ?? BY_CODE[code];
  if (!rule) {
    if (code < 4000 && !(code === 1000 && reason)) return { kind: 'ignore' };
    rule = { kind: 'reject', text: TEXT.other, blame: null };
  }
  const detail = reason ? `${reason} (close code ${code})` : `close code ${code}`;
  if (rule.kind === 'retry') return { kind: 'retry', message: rule.text, detail };
  // An invalid update refused for its size reads better as a size problem.
  const text =
    rule.text === TEXT.invalid && /larger than|too large|too long/.test(reason)
      ? TEXT.valueTooLarge
      : rule.text;
  const blame: Blame | null =
    rule.blame === 'size' ? { by: 'size', ...parseSizes(reason) } : rule.blame ? { by: 'last-frame' } : null;
  return { kind: 'reject', message: text, detail, blame, refusedChange: rule.change === true };
}

/** A refused authentication (the server's PermissionDenied reply, or a token that could not be fetched). */
export function classifyAuthFailure(reason: string): SyncRefusal {
  const detail = reason || 'authentication refused';
  if (reason.startsWith('Failed to get token')) {
    return { kind: 'retry', message: 'Could not reach the server to start syncing. Retrying…', detail };
  }
  const refusal = classifyClose({ code: 4403, reason });
  if (refusal.kind === 'reject') return { ...refusal, blame: null };
  return refusal;
}
