import type { NodeExecutor } from './NodeExecutor';

/** An Output node's text is the joined outputs of its live upstream nodes. */
export const runOutputNode: NodeExecutor = async (node, ctx, base) => {
  ctx.writer.appendOutput(node.id, ctx.upstream);
  return { ...base, output: ctx.upstream };
};
