import type { WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { graphPreviewLayout, PREVIEW_NODE_H, PREVIEW_NODE_W } from './graphPreviewLayout';

const graph: WorkflowGraph = {
  name: 'g',
  nodes: [
    { id: 'a', type: 'input', position: { x: 0, y: 0 }, data: { label: 'In' } },
    { id: 'b', type: 'agent', position: { x: 300, y: 180 }, data: { label: '' } },
    { id: 'n', type: 'note', position: { x: 900, y: 900 }, data: { label: 'Note' } },
  ],
  edges: [
    { id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' },
    { id: 'a:out->x:in', source: 'a', target: 'x', sourceHandle: 'out', targetHandle: 'in' },
  ],
};

describe('graphPreviewLayout', () => {
  it('fits the executable nodes in a padded view box, leaving notes out', () => {
    const layout = graphPreviewLayout(graph);
    expect(layout.nodes.map((n) => [n.id, n.label])).toEqual([
      ['a', 'In'],
      ['b', 'b'],
    ]);
    expect(layout.viewBox).toBe(`-24 -24 ${300 + PREVIEW_NODE_W + 48} ${180 + PREVIEW_NODE_H + 48}`);
  });

  it('draws edges side to side and skips edges to missing nodes', () => {
    const layout = graphPreviewLayout(graph);
    expect(layout.edges).toHaveLength(1);
    expect(layout.edges[0]?.d).toMatch(new RegExp(`^M${PREVIEW_NODE_W},${PREVIEW_NODE_H / 2} C`));
    expect(layout.edges[0]?.d).toMatch(new RegExp(` 300,${180 + PREVIEW_NODE_H / 2}$`));
  });

  it('gives an empty graph a small blank canvas', () => {
    expect(graphPreviewLayout({ name: 'e', nodes: [], edges: [] }).nodes).toEqual([]);
  });
});
