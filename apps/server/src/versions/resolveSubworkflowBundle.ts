import type { PublishedVersionRepo, VersionRepo } from '@synapse/db';
import {
  type CallChainProblem,
  findCallProblem,
  normalizeGraph,
  subworkflowBundleKey,
  type WorkflowBundle,
  type WorkflowGraph,
} from '@synapse/schema';

export interface SubworkflowBundleDeps {
  versions: Pick<VersionRepo, 'get'>;
  published: Pick<PublishedVersionRepo, 'get'>;
}

/**
 * The saved graphs `root`'s Sub-workflow nodes call, at every depth, keyed as a workflow file keeps
 * them (`<workflowId>@<versionId>`; under `<workflowId>@` the version published now, which the entry
 * records). The chain is checked as run intake checks it (`findCallProblem`): a cycle, a call to a
 * workflow, version or published version this workspace does not have, or too deep a chain is the
 * problem returned instead.
 */
export async function resolveSubworkflowBundle(
  deps: SubworkflowBundleDeps,
  workspaceId: string,
  root: { workflowId: string; graph: WorkflowGraph },
): Promise<{ ok: true; bundle: WorkflowBundle } | { ok: false; problem: CallChainProblem }> {
  const bundle: WorkflowBundle = {};
  const problem = await findCallProblem(
    { workflowId: root.workflowId, name: root.graph.name, graph: root.graph },
    async (call) => {
      const key = subworkflowBundleKey(call);
      const known = bundle[key];
      if (Object.hasOwn(bundle, key) && known)
        return { name: known.workflow.name || call.workflowId, graph: known.workflow };
      const versionId = call.versionId || (await deps.published.get(workspaceId, call.workflowId))?.versionId;
      if (!versionId) return null;
      const version = await deps.versions.get(versionId);
      if (!version || version.workspaceId !== workspaceId || version.workflowId !== call.workflowId)
        return null;
      const graph = normalizeGraph(version.graph);
      bundle[key] = { versionId, workflow: graph };
      return { name: graph.name || call.workflowId, graph };
    },
  );
  return problem ? { ok: false, problem } : { ok: true, bundle };
}
