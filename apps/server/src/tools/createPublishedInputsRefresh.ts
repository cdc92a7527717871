import type { Extension } from '@hocuspocus/server';
import type { PublishedWorkflowsRepo } from '@synapse/db';
import { parseDocName } from '@synapse/schema';
import type { Logger } from '../logger';
import type { SyncContext } from '../sync/SyncContext';
import { readToolInputs } from './readToolInputs';

/**
 * Keeps each published workflow's tool inputs current without the MCP endpoint opening documents: after
 * the server stores a workflow document (debounced, and at once when a server-side connection leaves),
 * its Input-node variables are written to the published row — a no-op when unpublished or unchanged.
 */
export function createPublishedInputsRefresh(
  published: PublishedWorkflowsRepo,
  logger: Logger,
): Extension<SyncContext> {
  return {
    extensionName: 'synapse-published-inputs',
    async afterStoreDocument({ documentName, document }) {
      const ref = parseDocName(documentName);
      if (ref?.kind !== 'workflow') return;
      try {
        await published.setInputs(ref.workspaceId, ref.workflowId, readToolInputs(document));
      } catch (error) {
        // The document itself is stored; a stale tool schema is corrected by the next store.
        logger.warn({ err: error, doc: documentName }, 'could not record published tool inputs');
      }
    },
  };
}
