import { deriveValidGraph } from './deriveValidGraph';
import type { WorkflowGraph } from './graphTypes';
import { compareStrings } from './readUntrusted';

/** Direct predecessors of `nodeId` over valid edges, unique and sorted (the order `{{input}}` joins). */
export function upstreamOf(g: WorkflowGraph, nodeId: string): string[] {
  const { graph } = deriveValidGraph(g);
  const sources = new Set<string>();
  for (const e of graph.edges) if (e.target === nodeId && e.source !== nodeId) sources.add(e.source);
  return [...sources].sort(compareStrings);
}

/** Every node `nodeId` transitively depends on over valid edges, sorted. */
export function ancestorsOf(g: WorkflowGraph, nodeId: string): string[] {
  const { graph } = deriveValidGraph(g);
  const predecessors = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = predecessors.get(e.target) ?? [];
    list.push(e.source);
    predecessors.set(e.target, list);
  }
  const seen = new Set<string>();
  const pending = [...(predecessors.get(nodeId) ?? [])];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(predecessors.get(id) ?? []));
  }
  seen.delete(nodeId);
  return [...seen].sort(compareStrings);
}
