import type { Extension } from '@hocuspocus/server';
import { parseDocName, syncCloseEvent } from '@synapse/schema';
import type * as Y from 'yjs';
import type { Logger } from '../logger';
import type { DecodePool } from './createDecodePool';
import { summarizeUpdate } from './decodeUpdateWorker';
import { rulesFor } from './documentRules';
import { isBoundedUpdate } from './isBoundedUpdate';
import { parsedFrameOf } from './parseIncomingFrame';
import type { SyncContext } from './SyncContext';
import type { DecodeResult } from './updateSummary';
import { DEFAULT_UPDATE_LIMITS, type UpdateLimits, validateUpdate } from './validateUpdate';

/**
 * Updates up to this size that isBoundedUpdate proves linear are decoded on the event loop (tens of
 * microseconds) instead of a worker round trip; larger or unproven ones go to the pool.
 */
export const INLINE_DECODE_MAX_BYTES = 64 * 1024;

function decodeInline(update: Uint8Array): DecodeResult {
  try {
    return summarizeUpdate(update);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Every update a client sends is decoded before Hocuspocus applies it — on the event loop when it is small
 * and isBoundedUpdate proves its decode linear (an ordinary edit), otherwise in a worker under a deadline —
 * and checked against its document kind's rules. A refused update is refused whole: the document's connection
 * is closed with `invalidUpdate` (4422) and a reason the client shows, and nothing of it reaches the
 * document, the database or other clients. Read-only connections are decoded too (Hocuspocus inspects
 * their writes before refusing them), but not validated. The frame itself was parsed by the socket guard.
 */
export function createUpdateGuard(options: {
  pool: DecodePool;
  logger: Logger;
  limits?: UpdateLimits;
}): Extension<SyncContext> {
  return {
    extensionName: 'synapse-update-guard',
    priority: 900,
    async beforeHandleMessage({ update: frame, document, connection, context, documentName }) {
      const parsed = parsedFrameOf(frame);
      if (!parsed.ok) throw syncCloseEvent('malformedFrame', { message: parsed.reason });
      const update = parsed.frame.update;
      if (!update) return;
      const decoded =
        update.byteLength <= INLINE_DECODE_MAX_BYTES && isBoundedUpdate(update)
          ? decodeInline(update)
          : await options.pool.decode(update);
      if (!decoded.ok) {
        options.logger.warn({ doc: documentName, reason: decoded.reason }, 'refused an undecodable update');
        throw syncCloseEvent('invalidUpdate', {
          message: `the update could not be decoded (${decoded.reason})`,
        });
      }
      if (connection.readOnly || context?.principal?.kind === 'service') return;
      const ref = parseDocName(documentName);
      if (!ref) throw syncCloseEvent('forbidden', { message: 'malformed document name' });
      const problem = validateUpdate(
        document as Y.Doc,
        decoded.items,
        rulesFor(ref.kind),
        options.limits ?? DEFAULT_UPDATE_LIMITS,
      );
      if (problem) {
        options.logger.warn(
          { doc: documentName, problem: problem.message },
          'refused a schema-invalid update',
        );
        throw syncCloseEvent('invalidUpdate', problem);
      }
    },
  };
}
