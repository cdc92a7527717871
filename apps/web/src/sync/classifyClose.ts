// What a refusal from the sync server means for one document: ignore it (an ordinary disconnect),
// retry (keep reconnecting, with a reason on screen), or reject (stop syncing that document: trying
// again would send the same refused change again, in a loop). The decision is the shared table's
// (SYNC_CLOSE_REASONS in @synapse/schema), looked up by the close code and the reason's error code and
// sizes; the words for people are this app's.
import { lookupSyncClose, SYNC_CLOSE_REASONS, type SyncCloseReasonName } from '@synapse/schema';

export interface CloseLike {
  code: number;
  reason?: string;
}

/**
 * Refusals of one frame close the whole socket (Hocuspocus multiplexes every document over it), so
 * every document hears them: only the one that sent the frame is at fault. `size`: the frame over the
 * message cap (`limit` and `actual` from the close when it has them); `last-frame`: the frame sent last.
 */
export type Blame = { by: 'size'; actual: number | null; limit: number | null } | { by: 'last-frame' };

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

type Shown = {
  [K in SyncCloseReasonName]: (typeof SYNC_CLOSE_REASONS)[K]['action'] extends 'ignore' ? never : K;
}[SyncCloseReasonName];

const SLOW_DOWN = 'The server asked this app to slow down. Retrying…';
const MESSAGE_TOO_LARGE = 'The server refused a change because it is too large to send.';

/** What people read for each close the table knows (and that is not ignored). */
export const CLOSE_TEXT: Record<Shown, string> = {
  messageTooBig: MESSAGE_TOO_LARGE,
  messageTooLarge: MESSAGE_TOO_LARGE,
  documentTooLarge: 'The server refused a change because this document would grow past its size limit.',
  invalidUpdate: 'The server rejected a change that does not follow the workflow format.',
  forbidden: 'You do not have access to this document.',
  revoked: 'Your access to this workspace was removed.',
  twoFactorRequired: 'This workspace requires two-factor authentication — set it up in Settings → Security.',
  malformedFrame: 'The server could not read a message from this app.',
  unauthorized: 'Your session has expired. Sign in again to keep syncing.',
  persistFailed: 'The server could not save the latest changes. Retrying…',
  rateLimited: SLOW_DOWN,
  tooManyDocuments: SLOW_DOWN,
};

/** An invalid update refused for a size limit reads better as a size problem. */
export const VALUE_TOO_LARGE_TEXT =
  'The server refused a change that is larger than it accepts in one piece.';
export const OTHER_CLOSE_TEXT = 'The server stopped syncing this document.';

/**
 * Classifies a socket close or a per-document CLOSE message (code 1000 and the server's reason) by the
 * shared table: the reason's error code decides, else the close code.
 */
export function classifyClose(event: CloseLike): SyncRefusal {
  const reason = event.reason?.trim() ?? '';
  const { code } = event;
  const found = lookupSyncClose({ code, reason });
  const detail = reason ? `${reason} (close code ${code})` : `close code ${code}`;
  if (!found) {
    if (code < 4000 && !(code === 1000 && reason)) return { kind: 'ignore' };
    return { kind: 'reject', message: OTHER_CLOSE_TEXT, detail, blame: null, refusedChange: false };
  }
  const { name, entry } = found;
  if (entry.action === 'ignore') return { kind: 'ignore' };
  const text = (CLOSE_TEXT as Partial<Record<SyncCloseReasonName, string>>)[name] ?? OTHER_CLOSE_TEXT;
  if (entry.action === 'retry') return { kind: 'retry', message: text, detail };
  const blame: Blame | null =
    entry.blame === 'document'
      ? null
      : entry.frame === 'size'
        ? { by: 'size', actual: found.actual, limit: found.limit }
        : { by: 'last-frame' };
  return {
    kind: 'reject',
    message: name === 'invalidUpdate' && found.limit !== null ? VALUE_TOO_LARGE_TEXT : text,
    detail,
    blame,
    refusedChange: entry.refusesChange,
  };
}

/** A refused authentication (the server's PermissionDenied reply, or a token that could not be fetched). */
export function classifyAuthFailure(reason: string): SyncRefusal {
  const detail = reason || 'authentication refused';
  if (reason.startsWith('Failed to get token')) {
    return { kind: 'retry', message: 'Could not reach the server to start syncing. Retrying…', detail };
  }
  const refusal = classifyClose({ code: SYNC_CLOSE_REASONS.forbidden.code, reason });
  if (refusal.kind === 'reject') return { ...refusal, blame: null };
  return refusal;
}
