import { inputNodeOutput } from '@synapse/schema';
import type { NodeExecutor } from './NodeExecutor';

/** An Input node feeds its run inputs downstream. */
export const runInputNode: NodeExecutor = async (node, ctx, base) => {
  const output = inputNodeOutput(node, ctx.inputs);
  ctx.writer.appendOutput(node.id, output);
  return { ...base, output };
};
