import { deriveValidGraph } from './deriveValidGraph';
import { findCycleEdges } from './findCycleEdges';
import type { WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import { compareStrings } from './readUntrusted';

export type TopoSortResult = { ok: true; order: string[] } | { ok: false; cycleEdges: string[] };

/**
 * Kahn's algorithm over the derived valid graph. `order` lists every executable (non-note) node; ties
 * are broken by node id so every replica, the server and the runner get the same order.
 */
export function topoSort(g: WorkflowGraph): TopoSortResult {
  const { graph } = deriveValidGraph(g);
  const ids = graph.nodes.filter((n) => isExecutableNodeType(n.type)).map((n) => n.id);
  const inDegree = new Map<string, number>(ids.map((id) => [id, 0]));
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of graph.edges) {
    successors.get(e.source)?.push(e.target);
    inDegree.set(e.target, (inDegree.get(e.target) ?? 0) + 1);
  }
  const ready = ids.filter((id) => inDegree.get(id) === 0).sort(compareStrings);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of successors.get(id) ?? []) {
      const remaining = inDegree.get(next)! - 1;
      inDegree.set(next, remaining);
      if (remaining === 0) insertSorted(ready, next);
    }
  }
  if (order.length < ids.length) return { ok: false, cycleEdges: findCycleEdges(graph) };
  return { ok: true, order };
}

function insertSorted(list: string[], value: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareStrings(list[mid]!, value) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, value);
}
