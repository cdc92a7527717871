import {
  bundledWorkflowOf,
  describeUnbundledCall,
  ErrorCodes,
  SUBWORKFLOW_MAX_CALLS,
  SUBWORKFLOW_MAX_DEPTH,
  type WorkflowBundle,
  type WorkflowGraph,
} from '@synapse/schema';
import type { ExportErrorCode, PlanGraph, PlanSubworkflow } from './buildExportPlan';

export type SubworkflowPlans =
  | { ok: true; subworkflows: PlanSubworkflow[] }
  | { ok: false; code: ExportErrorCode; message: string };

/**
 * Plans every workflow `root` calls, at every depth, from the workflow file's bundle: each
 * `<workflowId>@<versionId>` planned once, in the order first called, and followed on every path. Refuses, naming the node, a call the
 * bundle does not carry, a chain that calls a workflow already on it and chains deeper than
 * SUBWORKFLOW_MAX_DEPTH, with the same sentences Synapse's run intake uses (`findCallProblem`): the
 * file is read in memory here and export stays synchronous, so the walk is its own.
 */
export function planSubworkflows(
  root: PlanGraph,
  bundle: WorkflowBundle,
  planGraph: (graph: WorkflowGraph, name: string) => PlanGraph,
): SubworkflowPlans {
  const planned = new Map<string, PlanSubworkflow>();
  let followed = 0;
  type Problem = { code: ExportErrorCode; message: string };
  const visit = (plan: PlanGraph, path: { workflowId: string; name: string }[]): Problem | null => {
    for (const node of plan.nodes) {
      if (node.type !== 'subworkflow') continue;
      const names = path.map((p) => p.name);
      const label = node.label || node.id;
      const bundled = bundledWorkflowOf(bundle, node);
      if (!bundled) {
        const message = describeUnbundledCall({ ...node, label }, path.length > 1 ? names.at(-1) : undefined);
        return { code: ErrorCodes.subworkflowNotFound, message };
      }
      const name = bundled.workflow.name || node.workflowId;
      const back = path.findIndex((p) => p.workflowId === node.workflowId);
      if (back >= 0) {
        const chain = [...names, names[back] as string];
        return {
          code: ErrorCodes.subworkflowCycle,
          message: `${label}: sub-workflows call each other in a cycle: ${chain.join(' → ')}`,
        };
      }
      if (path.length > SUBWORKFLOW_MAX_DEPTH) {
        return {
          code: ErrorCodes.subworkflowTooDeep,
          message: `${label}: sub-workflows nest deeper than ${SUBWORKFLOW_MAX_DEPTH} levels: ${[...names, name].join(' → ')}`,
        };
      }
      // Planned once, but followed on every path: depth and cycles depend on the path.
      let child = planned.get(node.workflow);
      if (!child) {
        child = { ...planGraph(bundled.workflow, name), key: node.workflow, versionId: bundled.versionId };
        planned.set(node.workflow, child);
      }
      followed += 1;
      if (followed > SUBWORKFLOW_MAX_CALLS)
        return {
          code: ErrorCodes.subworkflowTooDeep,
          message: `${label}: sub-workflows make more than ${SUBWORKFLOW_MAX_CALLS} calls in all; call fewer workflows from each`,
        };
      const problem = visit(child, [...path, { workflowId: node.workflowId, name }]);
      if (problem) return problem;
    }
    return null;
  };
  // The exported workflow's own id is not in the file: a cycle through it is found one call later.
  const problem = visit(root, [{ workflowId: '', name: root.name }]);
  if (problem) return { ok: false, ...problem };
  return { ok: true, subworkflows: [...planned.values()] };
}
