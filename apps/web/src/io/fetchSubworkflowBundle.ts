import { subworkflowCallsOf, type WorkflowBundle, type WorkflowGraph } from '@synapse/schema';
import type { SubworkflowBundle } from '@synapse/schema/api';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

/**
 * The saved graphs `graph`'s Sub-workflow nodes call, at every depth, from the server: what a workflow
 * file bundles so it runs (`synapse run`) and exports as code offline. A graph that calls none needs no
 * server ({} at once, offline too). Throws ApiError: unreachable, or 422 naming a cycle or a missing call.
 */
export async function fetchSubworkflowBundle(
  workspaceId: string,
  workflowId: string,
  graph: WorkflowGraph,
): Promise<WorkflowBundle> {
  if (subworkflowCallsOf(graph).length === 0) return {};
  const { subworkflows } = await apiRequest<SubworkflowBundle>(
    `${workspacePath(workspaceId)}/workflows/${encodeURIComponent(workflowId)}/subworkflow-bundle`,
    {
      method: 'POST',
      body: { graph },
      offlineMessage:
        'The workflows its Sub-workflow nodes call come from the server, which cannot be reached.',
    },
  );
  return subworkflows as WorkflowBundle;
}
