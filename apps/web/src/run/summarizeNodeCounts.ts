import type { NodeStatusCounts } from './countNodeStatuses';

export interface NodeCountsSummary {
  /** "4/6 succeeded" — live, from the nodes' states rather than the totals written when the run ends. */
  succeeded: string;
  /** "1 running", "1 skipped", "1 cancelled", in that order; statuses with no node are left out. */
  others: string[];
  /** "1 failed: Researcher" naming the nodes, or null when none failed. */
  failed: string | null;
}

const OTHERS = ['running', 'skipped', 'cancelled'] as const;

/** The header's words for where a run's nodes stand. */
export function summarizeNodeCounts(
  counts: NodeStatusCounts,
  total: number,
  failedLabels: readonly string[],
): NodeCountsSummary {
  return {
    succeeded: `${counts.succeeded}/${total} succeeded`,
    others: OTHERS.filter((status) => counts[status] > 0).map((status) => `${counts[status]} ${status}`),
    failed: counts.failed > 0 ? `${counts.failed} failed: ${failedLabels.join(', ')}` : null,
  };
}
