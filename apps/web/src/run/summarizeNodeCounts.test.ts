import type { NodeRunStatus } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { countNodeStatuses } from './countNodeStatuses';
import { summarizeNodeCounts } from './summarizeNodeCounts';

/** Counts of a run whose nodes have these statuses. */
const counts = (statuses: Partial<Record<NodeRunStatus, number>>) => {
  const listed = Object.entries(statuses).flatMap(([status, n]) => Array<string>(n).fill(status));
  const nodes = Object.fromEntries(
    listed.map((status, i) => [`n${i}`, { status: status as NodeRunStatus, attempt: 1, output: '' }]),
  );
  return countNodeStatuses(nodes, Object.keys(nodes));
};

describe('summarizeNodeCounts', () => {
  it('counts succeeded nodes while the run is still going, with the ones running', () => {
    expect(summarizeNodeCounts(counts({ succeeded: 2, running: 1, queued: 3 }), 6, [])).toEqual({
      succeeded: '2/6 succeeded',
      others: ['1 running'],
      failed: null,
    });
  });

  it('says why a finished run is short of all-succeeded: skipped nodes are counted', () => {
    expect(summarizeNodeCounts(counts({ succeeded: 6, skipped: 1 }), 7, []).others).toEqual(['1 skipped']);
  });

  it('names the nodes that failed', () => {
    const summary = summarizeNodeCounts(counts({ succeeded: 1, failed: 2, skipped: 3 }), 6, [
      'Researcher',
      'Writer',
    ]);
    expect(summary.failed).toBe('2 failed: Researcher, Writer');
    expect(summary.others).toEqual(['3 skipped']);
  });
});
