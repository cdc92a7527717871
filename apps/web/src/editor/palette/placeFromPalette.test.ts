import type { GraphEdge, GraphNode, WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { placeFromPalette } from './placeFromPalette';

const node = (
  id: string,
  type: GraphNode['type'],
  x: number,
  y = 0,
  data: Record<string, unknown> = {},
): GraphNode => ({
  id,
  type,
  position: { x, y },
  data: { label: id, ...data },
});
const router = node('r', 'router', 0, 0, {
  mode: 'rule',
  branches: [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
});
const edge = (source: string, sourceHandle: string, target: string): GraphEdge => ({
  id: `${source}:${sourceHandle}->${target}:in`,
  source,
  target,
  sourceHandle,
  targetHandle: 'in',
});
const graph = (nodes: GraphNode[], edges: GraphEdge[] = []): WorkflowGraph => ({ name: 'w', nodes, edges });
const centre = { x: 1000, y: 1000 };

describe('placeFromPalette', () => {
  it('puts an agent to the right of the selected agent and connects it from there', () => {
    const g = graph([node('a', 'agent', 100, 40)]);
    expect(placeFromPalette('agent', g, ['a'], centre)).toEqual({
      position: { x: 380, y: 40 },
      connectFrom: { source: 'a', sourceHandle: 'out' },
    });
  });

  it('steps around a node already right of the selection instead of covering it', () => {
    const g = graph([node('a', 'agent', 0), node('b', 'agent', 280)], [edge('a', 'out', 'b')]);
    const placed = placeFromPalette('output', g, ['a'], centre);
    expect(placed.position).toEqual({ x: 280, y: 120 });
    expect(placed.connectFrom).toEqual({ source: 'a', sourceHandle: 'out' });
  });

  it('connects a router’s first branch that leads nowhere yet, and none when all are used', () => {
    expect(
      placeFromPalette('agent', graph([router], [edge('r', 'yes', 'x')]), ['r'], centre).connectFrom,
    ).toEqual({
      source: 'r',
      sourceHandle: 'no',
    });
    const full = graph([router], [edge('r', 'yes', 'x'), edge('r', 'no', 'y')]);
    expect(placeFromPalette('agent', full, ['r'], centre).connectFrom).toBeNull();
  });

  it('places without connecting when one side has no handle for it', () => {
    expect(placeFromPalette('input', graph([node('a', 'agent', 0)]), ['a'], centre).connectFrom).toBeNull();
    expect(placeFromPalette('note', graph([node('a', 'agent', 0)]), ['a'], centre).connectFrom).toBeNull();
    const fromOutput = placeFromPalette('agent', graph([node('o', 'output', 0)]), ['o'], centre);
    expect(fromOutput).toEqual({ position: { x: 280, y: 0 }, connectFrom: null });
  });

  it('uses the free spot nearest the view centre when nothing or several nodes are selected', () => {
    const g = graph([node('a', 'agent', 1000, 1000), node('b', 'agent', 0)]);
    expect(placeFromPalette('agent', g, [], centre)).toEqual({
      position: { x: 1280, y: 1000 },
      connectFrom: null,
    });
    expect(placeFromPalette('agent', g, ['a', 'b'], centre).connectFrom).toBeNull();
  });
});
