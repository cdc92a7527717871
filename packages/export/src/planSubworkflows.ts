import {
  type BundledWorkflow,
  followBundledCalls,
  subworkflowBundleKey,
  type WorkflowBundle,
  type WorkflowGraph,
} from '@synapse/schema';
import type { ExportErrorCode, PlanGraph, PlanSubworkflow } from './buildExportPlan';

export type SubworkflowPlans =
  | { ok: true; subworkflows: PlanSubworkflow[] }
  | { ok: false; code: ExportErrorCode; message: string };

/**
 * Plans every workflow `root` calls, at every depth, from the workflow file's bundle: each
 * `<workflowId>@<versionId>` planned once, in the order first called. The chain is followed as Synapse's
 * run intake and `synapse run` follow it (`followBundledCalls`): a call the bundle does not carry, a
 * chain that calls a workflow already on it or one deeper than SUBWORKFLOW_MAX_DEPTH is refused with
 * their sentences, naming the node. Called workflows are planned once the chain is known to be sound.
 */
export function planSubworkflows(
  root: WorkflowGraph,
  bundle: WorkflowBundle,
  planGraph: (graph: WorkflowGraph, name: string) => PlanGraph,
): SubworkflowPlans {
  const reached: { key: string; name: string; bundled: BundledWorkflow }[] = [];
  const problem = followBundledCalls(root, bundle, (call, bundled, name) => {
    reached.push({ key: subworkflowBundleKey(call), name, bundled });
  });
  if (problem) {
    // A missing call's sentence starts with the node's label; the others are about the chain.
    const message =
      problem.kind === 'missing' ? problem.message : `${problem.call.label}: ${problem.message}`;
    return { ok: false, code: problem.code, message };
  }
  const subworkflows = reached.map(({ key, name, bundled }) => ({
    ...planGraph(bundled.workflow, name),
    key,
    versionId: bundled.versionId,
  }));
  return { ok: true, subworkflows };
}
