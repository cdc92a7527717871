import type { WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { describeCycle } from './describeCycle';

function graph(labels: Record<string, string>, edges: [string, string][]): WorkflowGraph {
  return {
    name: 'g',
    nodes: Object.entries(labels).map(([id, label]) => ({
      id,
      type: 'agent',
      position: { x: 0, y: 0 },
      data: { label },
    })),
    edges: edges.map(([source, target]) => ({
      id: `${source}:out->${target}:in`,
      source,
      target,
      sourceHandle: 'out',
      targetHandle: 'in',
    })),
  };
}

describe('describeCycle', () => {
  it('walks a cycle back to its start', () => {
    const g = graph({ a: 'Drafter', b: 'Reviewer', c: 'Editor' }, [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    expect(describeCycle(g, ['a:out->b:in', 'b:out->c:in', 'c:out->a:in'])).toBe(
      'Drafter → Reviewer → Editor → Drafter',
    );
  });

  it('summarises edges of a second cycle and falls back to ids for unknown edges', () => {
    const g = graph({ a: 'A', b: 'B', c: 'C', d: 'D' }, [
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'd'],
      ['d', 'c'],
    ]);
    expect(describeCycle(g, ['a:out->b:in', 'b:out->a:in', 'c:out->d:in', 'd:out->c:in'])).toBe(
      'A → B → A (and 2 more edges on cycles)',
    );
    expect(describeCycle(g, ['x:out->y:in'])).toBe('x:out->y:in');
  });
});
