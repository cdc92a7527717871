import { describe, expect, it } from 'vitest';
import { graphFixture } from './test/graphFixture';
import { ancestorsOf, upstreamOf } from './upstreamOf';

describe('upstreamOf', () => {
  it('lists direct predecessors over valid edges, sorted and unique', () => {
    const g = graphFixture(
      ['a', 'b', 'c', 'd'],
      [
        ['b', 'd'],
        ['a', 'd'],
        ['c', 'b'],
        ['gone', 'd'],
      ],
    );
    g.edges.push({
      id: 'a:other->d:in',
      source: 'a',
      target: 'd',
      sourceHandle: 'other',
      targetHandle: 'in',
    });
    expect(upstreamOf(g, 'd')).toEqual(['a', 'b']);
    expect(upstreamOf(g, 'c')).toEqual([]);
  });

  it('ancestorsOf follows predecessors transitively', () => {
    const g = graphFixture(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['d', 'c'],
      ],
    );
    expect(ancestorsOf(g, 'c')).toEqual(['a', 'b', 'd']);
    expect(ancestorsOf(g, 'a')).toEqual([]);
  });
});
