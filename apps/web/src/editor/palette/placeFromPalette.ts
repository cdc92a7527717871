import type { NodeType, Position, WorkflowGraph } from '@synapse/schema';
import { sourceHandlesOf, targetHandlesOfType } from '../diagnostics/diagnoseGraph';
import { COLUMN, findFreeSpot, isFreeSpot, ROW } from '../findFreeSpot';

/** Rows tried in the column right of the selection: level, then below, above, two below, two above. */
const COLUMN_ROWS = [0, 1, -1, 2, -2, 3];

/** A parallel step sits in the same column as existing ones (below them), not further down the chain. */
function nextColumnSpot(from: Position, taken: readonly Position[]): Position {
  const x = from.x + COLUMN;
  for (const row of COLUMN_ROWS) {
    const spot = { x, y: from.y + row * ROW };
    if (isFreeSpot(spot, taken)) return spot;
  }
  return findFreeSpot({ x, y: from.y }, taken);
}

export interface PalettePlacement {
  /** Top-left corner of the new node. */
  position: Position;
  /** Connect this handle of the selected node to the new node's input, or nothing. */
  connectFrom: { source: string; sourceHandle: string } | null;
}

/**
 * Where a node added by clicking the palette goes. With one node selected, it is the next step: to
 * its right (or the nearest free spot there), connected from it when the selection has an output and
 * the new node an input — a router gives its first branch that leads nowhere yet. With nothing (or
 * several) selected, the free spot nearest the middle of the view, unconnected.
 */
export function placeFromPalette(
  type: NodeType,
  graph: WorkflowGraph,
  selectedIds: readonly string[],
  viewTopLeftForCentre: Position,
): PalettePlacement {
  const taken = graph.nodes.map((n) => n.position);
  const selected = selectedIds.length === 1 ? graph.nodes.find((n) => n.id === selectedIds[0]) : undefined;
  if (!selected) return { position: findFreeSpot(viewTopLeftForCentre, taken), connectFrom: null };
  const position = nextColumnSpot(selected.position, taken);
  if (targetHandlesOfType(type).length === 0) return { position, connectFrom: null };
  const used = new Set(graph.edges.filter((e) => e.source === selected.id).map((e) => e.sourceHandle));
  const handles = sourceHandlesOf(selected);
  const handle =
    selected.type === 'router' || selected.type === 'approval'
      ? handles.find((h) => !used.has(h))
      : handles[0];
  return { position, connectFrom: handle ? { source: selected.id, sourceHandle: handle } : null };
}
