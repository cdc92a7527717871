import type { RunRow } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { latestRunByWorkflow } from './latestRunByWorkflow';

const run = (id: string, workflowId: string, createdAt: number): RunRow =>
  ({ id, workflowId, createdAt, status: 'succeeded' }) as RunRow;

describe('latestRunByWorkflow', () => {
  it('keeps the newest run of each workflow whatever the order', () => {
    const latest = latestRunByWorkflow([
      run('r1', 'a', 10),
      run('r2', 'b', 5),
      run('r3', 'a', 30),
      run('r4', 'a', 20),
    ]);
    expect(latest.get('a')?.id).toBe('r3');
    expect(latest.get('b')?.id).toBe('r2');
    expect(latest.size).toBe(2);
  });

  it('breaks a tie by id, so every order gives the same answer', () => {
    expect(latestRunByWorkflow([run('x', 'a', 1), run('y', 'a', 1)]).get('a')?.id).toBe('y');
    expect(latestRunByWorkflow([run('y', 'a', 1), run('x', 'a', 1)]).get('a')?.id).toBe('y');
  });
});
