import type { GraphNode } from '@synapse/schema';
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
  const finish = (result: NodeResult & { toolCalls?: unknown }): NodeResult => {
    const finishedAt = ctx.now();
    // The loop's tool calls live in the run document, not in the node's result or checkpoint.
    const { toolCalls: _shown, ...rest } = result;
    const final = { ...rest, finishedAt };
    ctx.writer.patchNode(node.id, {
      status: final.status,
      // A waiting node has not finished: its time ends when it is decided.
      ...(final.status === 'waiting' ? {} : { finishedAt }),
      ...(final.error ? { error: final.error } : {}),
      ...(final.errorCode ? { errorCode: final.errorCode } : {}),
      ...(final.branch ? { branch: final.branch } : {}),
      ...(final.costUsd !== null && final.costUsd > 0 ? { cost: final.costUsd } : {}),
    });
    return final;
  };

  const executor = NODE_EXECUTORS[node.type];
  if (!executor) throw new TypeError(`node ${node.id}: ${node.type} nodes do not run`);
  return finish(await executor(node, ctx, base));
}
