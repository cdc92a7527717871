import { describe, expect, it } from 'vitest';
import { type LayoutInput, layoutWithElk } from './layoutWithElk';

function box(id: string, x: number, y: number, sourceHandles = ['out']) {
  return { id, width: 220, height: 80, position: { x, y }, sourceHandles };
}

describe('layoutWithElk', () => {
  it('lays a chain out left to right without overlaps, anchored at the old top-left', async () => {
    const input: LayoutInput = {
      nodes: [box('c', 0, 0), box('a', 300, 300), box('b', 50, 600)],
      edges: [
        { id: 'a-b', source: 'a', target: 'b', sourceHandle: 'out' },
        { id: 'b-c', source: 'b', target: 'c', sourceHandle: 'out' },
      ],
    };
    const out = await layoutWithElk(input);
    expect(out.a!.x).toBeLessThan(out.b!.x);
    expect(out.b!.x).toBeLessThan(out.c!.x);
    expect(out.b!.x - out.a!.x).toBeGreaterThanOrEqual(220);
    expect(Math.min(out.a!.x, out.b!.x, out.c!.x)).toBe(0);
    expect(Math.min(out.a!.y, out.b!.y, out.c!.y)).toBe(0);
  });

  it('stacks router branches in branch order and survives cycles and unknown ports', async () => {
    const input: LayoutInput = {
      nodes: [box('r', 0, 0, ['yes', 'no']), box('y', 0, 0), box('n', 0, 0)],
      edges: [
        { id: 'r-n', source: 'r', target: 'n', sourceHandle: 'no' },
        { id: 'r-y', source: 'r', target: 'y', sourceHandle: 'yes' },
        { id: 'y-r', source: 'y', target: 'r', sourceHandle: 'gone' },
      ],
    };
    const out = await layoutWithElk(input);
    expect(Object.keys(out).sort()).toEqual(['n', 'r', 'y']);
    expect(out.y!.y).toBeLessThan(out.n!.y);
  });

  it('returns nothing for an empty graph', async () => {
    expect(await layoutWithElk({ nodes: [], edges: [] })).toEqual({});
  });
});
