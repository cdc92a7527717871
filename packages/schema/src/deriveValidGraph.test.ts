import { describe, expect, it } from 'vitest';
import { deriveValidGraph } from './deriveValidGraph';
import { graphFixture } from './test/graphFixture';

const ids = (edges: { id: string }[]) => edges.map((e) => e.id);

describe('deriveValidGraph', () => {
  it('drops edges with a missing endpoint and reports them as dangling', () => {
    const g = graphFixture(
      ['a', 'b'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['x', 'a'],
      ],
    );
    const { graph, danglingEdges, noteEdges } = deriveValidGraph(g);
    expect(ids(graph.edges)).toEqual(['a:out->b:in']);
    expect(ids(danglingEdges)).toEqual(['b:out->c:in', 'x:out->a:in']);
    expect(noteEdges).toEqual([]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('keeps self-loops as cycle material', () => {
    const { graph } = deriveValidGraph(graphFixture(['a'], [['a', 'a']]));
    expect(ids(graph.edges)).toEqual(['a:out->a:in']);
  });

  it('gives note nodes no edges', () => {
    const g = graphFixture(
      ['a', ['n', 'note']],
      [
        ['a', 'n'],
        ['n', 'a'],
      ],
    );
    const { graph, noteEdges } = deriveValidGraph(g);
    expect(graph.edges).toEqual([]);
    expect(ids(noteEdges)).toEqual(['a:out->n:in', 'n:out->a:in']);
    expect(graph.nodes.map((n) => n.id)).toEqual(['a', 'n']);
  });

  it('keeps the first node and edge of a repeated id', () => {
    const g = graphFixture(['a', 'b'], [['a', 'b']]);
    g.nodes.push({ ...g.nodes[0]!, type: 'note' });
    g.edges.push({ ...g.edges[0]! });
    const { graph } = deriveValidGraph(g);
    expect(graph.nodes).toHaveLength(2);
    expect(graph.nodes[0]!.type).toBe('agent');
    expect(graph.edges).toHaveLength(1);
  });

  it('does not modify its input', () => {
    const g = graphFixture(['a'], [['a', 'b']]);
    const before = JSON.parse(JSON.stringify(g));
    deriveValidGraph(g);
    expect(g).toEqual(before);
  });
});
