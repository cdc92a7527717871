import type { NodeRunState, NodeRunStatus } from '@synapse/schema';

export type NodeStatusCounts = Record<NodeRunStatus, number>;

/** How many of the listed nodes are in each status; nodes missing from the run are not counted. */
export function countNodeStatuses(
  nodes: Readonly<Record<string, NodeRunState>>,
  nodeIds: readonly string[],
): NodeStatusCounts {
  const counts: NodeStatusCounts = {
    queued: 0,
    running: 0,
    waiting: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  for (const id of nodeIds) {
    const state = nodes[id];
    if (state) counts[state.status] += 1;
  }
  return counts;
}
