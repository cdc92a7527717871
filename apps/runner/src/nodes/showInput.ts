import type { RunNodeContext } from '../RunNodeContext';
import { cap } from '../runToolLoop';

/** Resolved prompts are shown to watchers; past this they are cut so one node cannot bloat the doc. */
const MAX_SHOWN_INPUT = 16_000;

/** Shows the node's resolved prompt (or routed text) in the run document. */
export function showInput(ctx: RunNodeContext, nodeId: string, text: string): void {
  ctx.writer.patchNode(nodeId, { input: cap(text, MAX_SHOWN_INPUT) });
}
