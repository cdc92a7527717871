import { describe, expect, it } from 'vitest';
import { graphFixture } from './test/graphFixture';
import { topoSort } from './topoSort';

describe('topoSort', () => {
  it('orders dependencies first and breaks ties by node id', () => {
    const g = graphFixture(
      ['d', 'c', 'b', 'a'],
      [
        ['c', 'd'],
        ['a', 'd'],
        ['b', 'c'],
      ],
    );
    expect(topoSort(g)).toEqual({ ok: true, order: ['a', 'b', 'c', 'd'] });
  });

  it('gives the same order whatever the input order', () => {
    const edges: [string, string][] = [
      ['x', 'z'],
      ['y', 'z'],
      ['w', 'y'],
    ];
    const a = topoSort(graphFixture(['w', 'x', 'y', 'z'], edges));
    const b = topoSort(graphFixture(['z', 'y', 'x', 'w'], [...edges].reverse()));
    expect(a).toEqual(b);
    expect(a).toEqual({ ok: true, order: ['w', 'x', 'y', 'z'] });
  });

  it('ignores dangling edges and leaves notes out of the order', () => {
    const g = graphFixture(
      ['b', 'a', ['n', 'note']],
      [
        ['a', 'b'],
        ['gone', 'a'],
        ['b', 'gone'],
      ],
    );
    expect(topoSort(g)).toEqual({ ok: true, order: ['a', 'b'] });
  });

  it('fails with the cycle edges', () => {
    const g = graphFixture(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'a'],
        ['b', 'c'],
      ],
    );
    expect(topoSort(g)).toEqual({ ok: false, cycleEdges: ['a:out->b:in', 'b:out->a:in'] });
  });

  it('fails on a self-loop', () => {
    expect(topoSort(graphFixture(['a'], [['a', 'a']]))).toEqual({ ok: false, cycleEdges: ['a:out->a:in'] });
  });

  it('sorts an empty graph to an empty order', () => {
    expect(topoSort(graphFixture([]))).toEqual({ ok: true, order: [] });
  });
});
