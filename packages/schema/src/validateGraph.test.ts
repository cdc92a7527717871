import { describe, expect, it } from 'vitest';
import { ErrorCodes } from './errorCodes';
import { graphFixture } from './test/graphFixture';
import { validateGraph } from './validateGraph';

describe('validateGraph', () => {
  it('refuses a graph with nothing to run', () => {
    for (const g of [graphFixture([]), graphFixture([['n', 'note']])]) {
      const result = validateGraph(g);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(ErrorCodes.dagEmpty);
        expect(result.error.edges).toEqual([]);
      }
    }
  });

  it('refuses a cycle and names its edges', () => {
    const result = validateGraph(
      graphFixture(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'a'],
          ['b', 'c'],
        ],
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: ErrorCodes.dagCycle, edges: ['a:out->b:in', 'b:out->a:in'] },
    });
  });

  it('accepts a DAG and returns the derived graph and order', () => {
    const result = validateGraph(
      graphFixture(
        ['b', 'a'],
        [
          ['a', 'b'],
          ['a', 'gone'],
        ],
      ),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.order).toEqual(['a', 'b']);
      expect(result.graph.edges.map((e) => e.id)).toEqual(['a:out->b:in']);
    }
  });
});
