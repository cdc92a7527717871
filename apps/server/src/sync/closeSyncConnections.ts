import type { Hocuspocus } from '@hocuspocus/server';
import { type DocRef, parseDocName } from '@synapse/schema';
import type { SyncContext } from './SyncContext';

/**
 * Closes every open document connection that matches, with a reason the client shows. Revoking access in
 * the database does not close sockets by itself; this is how logout, removal and role changes take effect
 * on connections that are already open. Returns how many were closed.
 */
export function closeSyncConnections(
  sync: Hocuspocus<SyncContext>,
  matches: (context: SyncContext, doc: DocRef) => boolean,
  event: { code: number; reason: string },
): number {
  let closed = 0;
  for (const document of sync.documents.values()) {
    const ref = parseDocName(document.name);
    if (!ref) continue;
    for (const connection of document.getConnections()) {
      const context = connection.context as SyncContext | undefined;
      if (context?.principal && matches(context, ref)) {
        connection.close(event);
        closed += 1;
      }
    }
  }
  return closed;
}
