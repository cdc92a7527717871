import type { NodeRunState } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { countNodeStatuses } from './countNodeStatuses';

const node = (status: NodeRunState['status']): NodeRunState => ({ status, attempt: 1, output: '' });

describe('countNodeStatuses', () => {
  it('counts each listed node once by status and ignores ids the run does not have', () => {
    const nodes = {
      a: node('succeeded'),
      b: node('running'),
      c: node('cancelled'),
      d: node('succeeded'),
      e: node('waiting'),
    };
    expect(countNodeStatuses(nodes, ['a', 'b', 'c', 'd', 'e', 'missing'])).toEqual({
      queued: 0,
      running: 1,
      waiting: 1,
      succeeded: 2,
      failed: 0,
      skipped: 0,
      cancelled: 1,
    });
  });

  it('counts only the listed nodes', () => {
    expect(countNodeStatuses({ a: node('failed'), b: node('failed') }, ['a']).failed).toBe(1);
  });
});
