import type { HeadlessRunResult, SubworkflowGate } from '@synapse/runner';
import {
  bundledWorkflowOf,
  describeUnbundledCall,
  readRunOutputs,
  type WorkflowBundle,
  type WorkflowGraph,
} from '@synapse/schema';

/** Runs a called graph as a run of its own; `callerLabel` names the Sub-workflow node calling it. */
export type RunChild = (
  graph: WorkflowGraph,
  inputs: Record<string, string>,
  callerLabel: string,
) => Promise<HeadlessRunResult>;

/**
 * `synapse run`'s Sub-workflow gate: a call runs the graph the workflow file bundles for it in this
 * process (`run`: runHeadless again, with the same providers, secrets and approvals) and answers once
 * that run ended, so the parent never parks. The child's result is its Output nodes by label, as the
 * server's child runs give it (`readRunOutputs`).
 */
export function createBundledSubworkflowGate(options: {
  /** The graph whose Sub-workflow nodes call through this gate (for their labels). */
  graph: WorkflowGraph;
  bundle: WorkflowBundle;
  run: RunChild;
}): SubworkflowGate {
  const labels = new Map(options.graph.nodes.map((n) => [n.id, String(n.data.label || n.id)]));
  return {
    async call(nodeId, request) {
      const label = labels.get(nodeId) ?? nodeId;
      const bundled = bundledWorkflowOf(options.bundle, request);
      if (!bundled)
        return { state: 'failed', childRunId: null, error: describeUnbundledCall({ label, ...request }) };
      const name = bundled.workflow.name || request.workflowId;
      const result = await options.run(bundled.workflow, request.inputs, label);
      if (!result.ok) return { state: 'failed', childRunId: null, error: `${name}: ${result.message}` };
      const childRunId = `local:${nodeId}`;
      const { outcome } = result;
      if (outcome.status !== 'succeeded')
        return {
          state: 'failed',
          childRunId,
          error: `${name}: ${outcome.error ?? `the run ended ${outcome.status}`}`,
        };
      return { state: 'succeeded', childRunId, outputs: readRunOutputs(result.run) };
    },
  };
}
