import type { GraphNode } from '@synapse/schema';
import type { NodeResult, RunNodeContext } from '../RunNodeContext';

/**
 * Runs one node of its type. `base` is a succeeded, empty result; the executor returns the node's
 * final result (and may stream output through `ctx.writer` meanwhile). `runNode` marks the node
 * running before and writes the final status after, so executors only do their type's work.
 * `toolCalls` is shown in the run document but kept out of the checkpoint.
 */
export type NodeExecutor = (
  node: GraphNode,
  ctx: RunNodeContext,
  base: NodeResult,
) => Promise<NodeResult & { toolCalls?: unknown }>;
