import type { WorkflowEntry } from '@synapse/schema';
import type { RunRow } from '@synapse/schema/api';
import { formatRelativeTime } from '../components/formatRelativeTime';

export interface WorkflowCardFacts {
  /** "3 nodes", or null when no editor has written the entry's preview yet. */
  nodes: string | null;
  /** The last run's status and when it ran, or null when the workflow has no run we know of. */
  lastRun: { status: RunRow['status']; when: string; at: number } | null;
}

/** What a card says about a workflow besides its name: its size and how its last run went. */
export function workflowCardFacts(
  entry: WorkflowEntry,
  run: RunRow | undefined,
  now = Date.now(),
): WorkflowCardFacts {
  const count = entry.preview?.nodeCount;
  const at = run ? (run.finishedAt ?? run.startedAt ?? run.createdAt) : 0;
  return {
    nodes: count === undefined ? null : `${count} node${count === 1 ? '' : 's'}`,
    lastRun: run ? { status: run.status, when: formatRelativeTime(at, now), at } : null,
  };
}
