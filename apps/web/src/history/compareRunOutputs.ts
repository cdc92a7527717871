import { type NodeRunState, type RunSnapshot, topoSort } from '@synapse/schema';

export type NodeDifference = 'same' | 'different' | 'only-a' | 'only-b';

export interface NodeComparison {
  nodeId: string;
  label: string;
  a: NodeRunState | null;
  b: NodeRunState | null;
  difference: NodeDifference;
}

function orderOf(run: RunSnapshot): string[] {
  const sorted = topoSort(run.graph);
  return sorted.ok ? sorted.order : run.graph.nodes.map((n) => n.id);
}

/** Output, status and router branch decide sameness; timings, tokens and attempts may differ freely. */
function sameResult(a: NodeRunState, b: NodeRunState): boolean {
  return (
    a.status === b.status && a.output.trim() === b.output.trim() && (a.branch ?? null) === (b.branch ?? null)
  );
}

/**
 * Two runs' node results side by side, matched by node id, in run A's execution order followed by nodes
 * only B has. Meant for runs of one workflow: ids stay stable across edits, so a node added or removed
 * between the two runs shows as only-a / only-b.
 */
export function compareRunOutputs(a: RunSnapshot, b: RunSnapshot): NodeComparison[] {
  const labels = new Map<string, string>();
  for (const run of [b, a])
    for (const node of run.graph.nodes) labels.set(node.id, node.data.label || node.id);
  const ids = [...orderOf(a), ...orderOf(b)].filter((id, i, all) => all.indexOf(id) === i);
  const rows: NodeComparison[] = [];
  for (const nodeId of ids) {
    const left = a.nodes[nodeId] ?? null;
    const right = b.nodes[nodeId] ?? null;
    if (!left && !right) continue; // notes are never executed
    const difference: NodeDifference = !left
      ? 'only-b'
      : !right
        ? 'only-a'
        : sameResult(left, right)
          ? 'same'
          : 'different';
    rows.push({ nodeId, label: labels.get(nodeId) ?? nodeId, a: left, b: right, difference });
  }
  return rows;
}
