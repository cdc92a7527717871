import type { GraphNode, NodeRunPatch } from '@synapse/schema';
import { NODE_EXECUTORS } from './nodes/nodeExecutors';
import type { NodeResult, RunNodeContext } from './RunNodeContext';

/**
 * Runs one node: marks it running, hands it to its type's executor (`nodes/nodeExecutors.ts`) and
 * writes the final status, error, branch and cost into the run document.
 */
export async function runNode(node: GraphNode, ctx: RunNodeContext): Promise<NodeResult> {
  const startedAt = ctx.now();
  ctx.writer.patchNode(
    node.id,
    {
      status: 'running',
      attempt: 1,
      startedAt,
      error: undefined,
      errorCode: undefined,
      attempts: undefined,
      ...(ctx.restarted ? { restarted: true } : {}),
    },
    { resetOutput: true },
  );
  const base: NodeResult = {
    status: 'succeeded',
    output: '',
    branch: null,
    attempt: 1,
    provider: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    error: null,
    errorCode: null,
    startedAt,
    finishedAt: startedAt,
  };
  const executor = NODE_EXECUTORS[node.type];
  if (!executor) throw new TypeError(`node ${node.id}: ${node.type} nodes do not run`);
  return finish(node, ctx, await executor(node, ctx, base));
}

/** The node's final state, written to its document entry. */
function finish(
  node: GraphNode,
  ctx: RunNodeContext,
  result: NodeResult & { toolCalls?: unknown },
): NodeResult {
  const finishedAt = ctx.now();
  // The loop's tool calls live in the run document, not in the node's result or checkpoint.
  const { toolCalls: _shown, ...final } = result;
  final.finishedAt = finishedAt;
  const patch: NodeRunPatch = { status: final.status };
  // A waiting node has not finished: its time ends when it is decided.
  if (final.status !== 'waiting') patch.finishedAt = finishedAt;
  if (final.error) patch.error = final.error;
  if (final.errorCode) patch.errorCode = final.errorCode;
  if (final.branch) patch.branch = final.branch;
  if (final.costUsd !== null && final.costUsd > 0) patch.cost = final.costUsd;
  ctx.writer.patchNode(node.id, patch);
  return final;
}
