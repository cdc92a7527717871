import type { NodeRunState, RunSnapshot } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { compareRunOutputs } from './compareRunOutputs';

function run(nodes: Record<string, Partial<NodeRunState>>, edges: [string, string][] = []): RunSnapshot {
  const ids = Object.keys(nodes);
  return {
    meta: {
      runId: 'r',
      workflowId: 'w',
      versionId: 'v',
      status: 'succeeded',
      requestedBy: 'u',
      createdAt: 0,
      totals: { inputTokens: 0, outputTokens: 0, nodesSucceeded: 0, nodesFailed: 0 },
    },
    graph: {
      name: 'g',
      nodes: ids.map((id) => ({
        id,
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { label: id.toUpperCase() },
      })),
      edges: edges.map(([s, t]) => ({
        id: `${s}:out->${t}:in`,
        source: s,
        target: t,
        sourceHandle: 'out',
        targetHandle: 'in',
      })),
    },
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([id, n]) => [id, { status: 'succeeded', attempt: 1, output: '', ...n }]),
    ),
  };
}

describe('compareRunOutputs', () => {
  it('matches nodes by id in execution order and says which differ', () => {
    const a = run({ z: { output: 'draft one' }, y: { output: 'same text' } }, [['y', 'z']]);
    const b = run({ z: { output: 'draft two' }, y: { output: 'same text \n' } }, [['y', 'z']]);
    expect(compareRunOutputs(a, b).map((r) => [r.nodeId, r.label, r.difference])).toEqual([
      ['y', 'Y', 'same'],
      ['z', 'Z', 'different'],
    ]);
  });

  it('treats a different status or router branch as a difference even with equal text', () => {
    const a = run({ r: { output: 'x', branch: 'yes' }, f: { output: '', status: 'failed' } });
    const b = run({ r: { output: 'x', branch: 'no' }, f: { output: '', status: 'succeeded' } });
    expect(compareRunOutputs(a, b).map((r) => r.difference)).toEqual(['different', 'different']);
  });

  it('lists nodes only B has after A’s nodes', () => {
    const a = run({ x: { output: '1' }, gone: { output: 'old' } });
    const b = run({ x: { output: '1' }, added: { output: 'new' } });
    const rows = compareRunOutputs(a, b);
    expect(rows.map((r) => [r.nodeId, r.difference])).toEqual([
      ['gone', 'only-a'],
      ['x', 'same'],
      ['added', 'only-b'],
    ]);
    expect(rows[0]?.b).toBeNull();
    expect(rows[2]?.a).toBeNull();
  });
});
