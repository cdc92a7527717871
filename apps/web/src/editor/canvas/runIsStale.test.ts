import type { GraphEdge, GraphNode, WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { runIsStale } from './runIsStale';

const agent = (id: string, x = 0, prompt = ''): GraphNode => ({
  id,
  type: 'agent',
  position: { x, y: 0 },
  data: { label: id, provider: 'local', model: 'local-demo', systemPrompt: prompt, userPrompt: '' },
});
const note = (id: string, text: string): GraphNode => ({
  id,
  type: 'note',
  position: { x: 0, y: 200 },
  data: { label: '', text },
});
const edge = (source: string, target: string): GraphEdge => ({
  id: `${source}-${target}`,
  source,
  target,
  sourceHandle: 'out',
  targetHandle: 'in',
});
const graph = (nodes: GraphNode[], edges: GraphEdge[] = []): WorkflowGraph => ({
  name: 'Flow',
  nodes,
  edges,
});

describe('runIsStale', () => {
  const ran = graph([agent('a'), agent('b', 300), note('n', 'todo')], [edge('a', 'b')]);

  it('is fresh for the graph the run ran, even moved, renamed or with an edited note', () => {
    const moved = graph([agent('a', 40), agent('b', 500), note('n', 'done')], [edge('a', 'b')]);
    expect(runIsStale(ran, { ...moved, name: 'Renamed' })).toBe(false);
  });

  it('is stale once a node’s settings change', () => {
    expect(runIsStale(ran, graph([agent('a', 0, 'Be terse.'), agent('b', 300)], [edge('a', 'b')]))).toBe(
      true,
    );
  });

  it('is stale once a node or a connection is added or removed', () => {
    expect(runIsStale(ran, graph([agent('a'), agent('b', 300), agent('c')], [edge('a', 'b')]))).toBe(true);
    expect(runIsStale(ran, graph([agent('a'), agent('b', 300)]))).toBe(true);
  });
});
