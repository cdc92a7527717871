import { diffWorkflows, type WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { summarizeDiff } from './summarizeDiff';

const graph = (ids: string[], labels: Record<string, string> = {}): WorkflowGraph => ({
  name: 'w',
  nodes: ids.map((id) => ({
    id,
    type: 'output',
    position: { x: 0, y: 0 },
    data: { label: labels[id] ?? id },
  })),
  edges: [],
});

describe('summarizeDiff', () => {
  it('counts what changed in words, leaving out what did not', () => {
    expect(summarizeDiff(diffWorkflows(graph(['a']), graph(['a'])))).toBe('no changes');
    expect(summarizeDiff(diffWorkflows(graph(['a', 'b']), graph(['a', 'c', 'd'], { a: 'A2' })))).toBe(
      '2 nodes added, 1 node changed, 1 node removed',
    );
    const withEdge: WorkflowGraph = {
      ...graph(['a', 'b']),
      edges: [{ id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' }],
    };
    expect(summarizeDiff(diffWorkflows(graph(['a', 'b']), withEdge))).toBe('1 connection changed');
  });
});
