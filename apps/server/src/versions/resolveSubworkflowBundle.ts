import { subworkflowBundleKey, type WorkflowBundle, type WorkflowGraph } from '@synapse/schema';
import type { HttpError } from '../http/HttpError';
import { type CallChainDeps, callChainError, followCallChain } from '../runs/checkSubworkflowCalls';

/**
 * The saved graphs `root`'s Sub-workflow nodes call, at every depth, keyed as a workflow file keeps
 * them (`<workflowId>@<versionId>`; under `<workflowId>@` the version published now, which the entry
 * records). The chain is followed exactly as run intake follows it (`followCallChain`: live workflows
 * only, so a file never carries what Synapse would refuse to run); a problem is the 422 intake answers.
 */
export async function resolveSubworkflowBundle(
  deps: CallChainDeps,
  workspaceId: string,
  root: { workflowId: string; graph: WorkflowGraph },
): Promise<{ ok: true; bundle: WorkflowBundle } | { ok: false; error: HttpError }> {
  const bundle: WorkflowBundle = {};
  const problem = await followCallChain(deps, { workspaceId, ...root }, (call, version) => {
    bundle[subworkflowBundleKey(call)] = { versionId: version.versionId, workflow: version.graph };
  });
  return problem ? { ok: false, error: callChainError(problem) } : { ok: true, bundle };
}
