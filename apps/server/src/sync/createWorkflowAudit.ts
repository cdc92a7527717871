import type { Extension } from '@hocuspocus/server';
import { parseDocName } from '@synapse/schema';
import * as Y from 'yjs';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { Logger } from '../logger';
import type { WorkflowTriggerCleanup } from '../triggers/createWorkflowTriggerCleanup';
import type { SyncContext } from './SyncContext';

/**
 * Workflows are created and deleted in the workspace index document (they can be created offline), not
 * through the API, so their audit events come from watching the index: an entry added or removed, or
 * archived, by a client connection is recorded against that connection's user. An entry removed also
 * removes the workflow's schedules and webhooks (`removeTriggers`); an archived one keeps them: archiving
 * only files the workflow away (it is restored with one click), like its published version and API runs.
 * The removal runs after the observer returns and is not retried: a failure is logged, and the triggers
 * left are removed by reconcileWorkflowTriggers (at server start and hourly).
 */
export function createWorkflowAudit(
  audit: AuditRecorder,
  triggers?: { removeTriggers: WorkflowTriggerCleanup; logger: Logger },
): Extension<SyncContext> {
  return {
    extensionName: 'synapse-workflow-audit',
    async afterLoadDocument({ documentName, document }) {
      const ref = parseDocName(documentName);
      if (ref?.kind !== 'index') return;
      const workflows = document.getMap<unknown>('workflows');
      workflows.observeDeep((events, transaction) => {
        const origin = transaction.origin as {
          source?: string;
          connection?: { context?: SyncContext };
        } | null;
        const principal = origin?.source === 'connection' ? origin.connection?.context?.principal : undefined;
        if (!principal) return;
        const record = (
          kind: 'workflow.created' | 'workflow.deleted',
          workflowId: string,
          details: Record<string, unknown>,
        ) =>
          void audit.record({
            workspaceId: ref.workspaceId,
            actor: principal,
            kind,
            target: workflowId,
            details,
          });
        for (const event of events) {
          if (event.target === workflows) {
            for (const [workflowId, change] of event.changes.keys) {
              if (change.action === 'add') {
                const entry = workflows.get(workflowId);
                const name = entry instanceof Y.Map ? entry.get('name') : undefined;
                record('workflow.created', workflowId, { name: typeof name === 'string' ? name : '' });
              } else if (change.action === 'delete') {
                record('workflow.deleted', workflowId, { how: 'removed' });
                triggers
                  ?.removeTriggers(ref.workspaceId, workflowId, principal)
                  .catch((error: unknown) =>
                    triggers.logger.error(
                      { err: error, workflowId },
                      'could not remove the triggers of a deleted workflow',
                    ),
                  );
              }
            }
          } else if (event.target instanceof Y.Map && event.target.parent === workflows) {
            const archived = event.changes.keys.get('archived');
            if (archived && event.target.get('archived') === true) {
              const workflowId = event.path[0];
              if (typeof workflowId === 'string') record('workflow.deleted', workflowId, { how: 'archived' });
            }
          }
        }
      });
    },
  };
}
