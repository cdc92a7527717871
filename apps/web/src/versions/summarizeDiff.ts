import type { WorkflowDiff } from '@synapse/schema';

function count(n: number, one: string, many: string): string | null {
  if (n === 0) return null;
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 node added, 2 changed, 1 removed, 3 connections changed", or "no changes". */
export function summarizeDiff(diff: WorkflowDiff): string {
  const edges = diff.edges.added.length + diff.edges.removed.length;
  const parts = [
    count(diff.nodes.added.length, 'node added', 'nodes added'),
    count(diff.nodes.changed.length, 'node changed', 'nodes changed'),
    count(diff.nodes.removed.length, 'node removed', 'nodes removed'),
    count(edges, 'connection changed', 'connections changed'),
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}
