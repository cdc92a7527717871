import type { WorkflowGraph } from '@synapse/schema';

/**
 * Reads cycle edges as a path people recognise — "Drafter → Reviewer → Drafter" — by walking from
 * the first cycle edge along other cycle edges until it returns. Edges the walk did not reach (a
 * second cycle, say) are summarised rather than listed.
 */
export function describeCycle(graph: WorkflowGraph, cycleEdgeIds: readonly string[]): string {
  const labelOf = (id: string) => graph.nodes.find((n) => n.id === id)?.data.label || id;
  const edges = cycleEdgeIds
    .map((id) => graph.edges.find((e) => e.id === id))
    .filter((e): e is NonNullable<typeof e> => e !== undefined);
  const first = edges[0];
  if (!first) return cycleEdgeIds.join(', ');
  const used = new Set([first.id]);
  const path = [first.source, first.target];
  let at = first.target;
  while (at !== first.source) {
    const next = edges.find((e) => !used.has(e.id) && e.source === at);
    if (!next) break;
    used.add(next.id);
    path.push(next.target);
    at = next.target;
  }
  const text = path.map(labelOf).join(' → ');
  const rest = edges.length - used.size;
  return rest > 0 ? `${text} (and ${rest} more edge${rest === 1 ? '' : 's'} on cycles)` : text;
}
