import { describe, expect, it } from 'vitest';
import { findCycleEdges } from './findCycleEdges';
import { graphFixture } from './test/graphFixture';

describe('findCycleEdges', () => {
  it('names exactly the cycle edges and ignores dangling ones (A->B->A plus B->C dangling)', () => {
    const g = graphFixture(
      ['A', 'B'],
      [
        ['A', 'B'],
        ['B', 'A'],
        ['B', 'C'],
      ],
    );
    expect(findCycleEdges(g)).toEqual(['A:out->B:in', 'B:out->A:in']);
  });

  it('is empty for a DAG', () => {
    expect(
      findCycleEdges(
        graphFixture(
          ['a', 'b', 'c'],
          [
            ['a', 'b'],
            ['a', 'c'],
            ['b', 'c'],
          ],
        ),
      ),
    ).toEqual([]);
  });

  it('reports self-loops', () => {
    expect(
      findCycleEdges(
        graphFixture(
          ['a', 'b'],
          [
            ['a', 'a'],
            ['a', 'b'],
          ],
        ),
      ),
    ).toEqual(['a:out->a:in']);
  });

  it('reports every edge inside a strongly connected component but not the bridges out of it', () => {
    const g = graphFixture(
      ['a', 'b', 'c', 'd', 'e'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['d', 'e'],
        ['e', 'd'],
      ],
    );
    expect(findCycleEdges(g)).toEqual([
      'a:out->b:in',
      'b:out->c:in',
      'c:out->a:in',
      'd:out->e:in',
      'e:out->d:in',
    ]);
  });

  it('handles a long chain closed into a ring without recursion limits', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
    const edges = nodes.map((id, i) => [id, nodes[(i + 1) % n]!] as [string, string]);
    expect(findCycleEdges(graphFixture(nodes, edges))).toHaveLength(n);
  });

  it('ignores edges to notes', () => {
    expect(
      findCycleEdges(
        graphFixture(
          ['a', ['n', 'note']],
          [
            ['a', 'n'],
            ['n', 'a'],
          ],
        ),
      ),
    ).toEqual([]);
  });
});
