import type { DocumentStore } from '@synapse/db';
import { indexDocName } from '@synapse/schema';
import { DEMO_TEMPLATE_IDS, instantiateTemplate, templateById } from '@synapse/templates';
import type { Logger } from '../logger';
import { createWorkflowFromGraph, type WorkflowCreation } from './createWorkflowFromGraph';

/**
 * A fresh install's demo data: when a workspace's index document has never been stored, the demo
 * templates are written into it as workflows. Done on the server at startup rather than by the first
 * browser that opens an empty list: one writer, no race between two tabs (or an offline tab) seeding
 * twice, viewers cannot seed, and "never stored" is a fact only the server can check. Once the index
 * exists — even emptied by the user — nothing is seeded again. Workflow ids are derived from the
 * template ids, so two servers starting at once against one Postgres converge on one copy each.
 */
export async function seedDemoWorkflows(
  deps: WorkflowCreation & { store: DocumentStore; logger: Logger },
  workspaceId: string,
): Promise<string[]> {
  const stats = await deps.store.stats(indexDocName(workspaceId));
  if (stats.updateRows > 0 || stats.snapshotBytes > 0) return [];
  const created: string[] = [];
  for (const id of DEMO_TEMPLATE_IDS) {
    const template = templateById(id);
    if (!template) continue;
    const { workflowId } = await createWorkflowFromGraph(deps, {
      workspaceId,
      graph: instantiateTemplate(template),
      name: template.name,
      workflowId: `demo-${id}`.slice(0, 64),
    });
    created.push(workflowId);
  }
  deps.logger.info({ workspaceId, workflows: created }, 'seeded demo workflows into an empty workspace');
  return created;
}
