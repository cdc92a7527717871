import type { ClipboardPayload, Position, WorkflowGraph } from '@synapse/schema';

export const PASTE_OFFSET = 40;

/**
 * Where pasted nodes go (the top-left of their bounding box). Copies of nodes that are still in this
 * workflow land next to them, one step further for each repeated paste, so copies never stack;
 * nodes from elsewhere (another workflow, another tab) are centred in the viewport.
 */
export function pasteTarget(
  payload: ClipboardPayload,
  graph: WorkflowGraph,
  viewportCentre: Position,
  repeat: number,
): Position {
  const xs = payload.nodes.map((n) => n.position.x);
  const ys = payload.nodes.map((n) => n.position.y);
  const topLeft = { x: Math.min(...xs), y: Math.min(...ys) };
  const ids = new Set(graph.nodes.map((n) => n.id));
  if (payload.nodes.some((n) => ids.has(n.id))) {
    const step = PASTE_OFFSET * Math.max(1, repeat);
    return { x: topLeft.x + step, y: topLeft.y + step };
  }
  const width = Math.max(...xs) - topLeft.x + 220;
  const height = Math.max(...ys) - topLeft.y + 80;
  return { x: Math.round(viewportCentre.x - width / 2), y: Math.round(viewportCentre.y - height / 2) };
}
