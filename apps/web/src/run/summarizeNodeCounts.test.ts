import { describe, expect, it } from 'vitest';
import type { NodeStatusCounts } from './countNodeStatuses';
import { summarizeNodeCounts } from './summarizeNodeCounts';

const counts = (partial: Partial<NodeStatusCounts>): NodeStatusCounts => ({
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  ...partial,
});

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
