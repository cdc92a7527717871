import type { GraphNode } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { toFlowEdges, toFlowNodes, type WorkflowFlowNode } from './toFlowElements';

const agent = (id: string, x: number, label = id): GraphNode => ({
  id,
  type: 'agent',
  position: { x, y: 0 },
  data: { label, provider: 'local', model: 'local-demo', systemPrompt: '', userPrompt: '' },
});

describe('toFlowNodes', () => {
  it('keeps identity of unchanged nodes and local selection/measurements', () => {
    const first = toFlowNodes([agent('a', 0), agent('b', 100)], null, []);
    const local: WorkflowFlowNode[] = first.map((n) =>
      n.id === 'a' ? { ...n, selected: true, measured: { width: 220, height: 80 } } : n,
    );
    const next = toFlowNodes([agent('a', 0), agent('b', 100, 'Renamed')], null, local);
    expect(next[0]).toBe(local[0]);
    expect(next[1]).not.toBe(local[1]);
    expect(next[1]?.data.label).toBe('Renamed');
  });

  it('keeps the live position of a node being dragged, and takes remote positions otherwise', () => {
    const [a, b] = toFlowNodes([agent('a', 0), agent('b', 100)], null, []);
    const local = [
      { ...(a as WorkflowFlowNode), dragging: true, position: { x: 42, y: 7 } },
      b as WorkflowFlowNode,
    ];
    const next = toFlowNodes([agent('a', 500), agent('b', 600)], null, local);
    expect(next[0]?.position).toEqual({ x: 42, y: 7 });
    expect(next[1]?.position).toEqual({ x: 600, y: 0 });
  });

  it('drops nodes the document no longer has and carries run status', () => {
    const prev = toFlowNodes([agent('a', 0), agent('b', 100)], null, []);
    const next = toFlowNodes([agent('b', 100)], { b: { status: 'running', attempt: 1, output: '' } }, prev);
    expect(next.map((n) => n.id)).toEqual(['b']);
    expect(next[0]?.data.runStatus).toBe('running');
  });
});

describe('toFlowEdges', () => {
  it('marks cycle edges and keeps local selection', () => {
    const edges = [
      { id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' },
      { id: 'b:out->a:in', source: 'b', target: 'a', sourceHandle: 'out', targetHandle: 'in' },
    ];
    const first = toFlowEdges(edges, new Set(), null, []);
    const selected = first.map((e, i) => (i === 0 ? { ...e, selected: true } : e));
    const next = toFlowEdges(edges, new Set(['a:out->b:in', 'b:out->a:in']), null, selected);
    expect(next.map((e) => e.className)).toEqual(['edge--cycle', 'edge--cycle']);
    expect(next[0]?.selected).toBe(true);
  });
});
