import { describe, expect, it } from 'vitest';
import { findFreeSpot } from './findFreeSpot';

describe('findFreeSpot', () => {
  it('uses the desired spot when it is free', () => {
    expect(findFreeSpot({ x: 10.4, y: 20.6 }, [{ x: 500, y: 500 }])).toEqual({ x: 10, y: 21 });
  });

  it('goes right of a node in the way, then below, then left, staying near the desired spot', () => {
    expect(findFreeSpot({ x: 0, y: 0 }, [{ x: 0, y: 0 }])).toEqual({ x: 280, y: 0 });
    expect(
      findFreeSpot({ x: 0, y: 0 }, [
        { x: 0, y: 0 },
        { x: 280, y: 0 },
      ]),
    ).toEqual({ x: 0, y: 120 });
    const cross = [
      { x: 0, y: 0 },
      { x: 280, y: 0 },
      { x: 0, y: 120 },
    ];
    expect(findFreeSpot({ x: 0, y: 0 }, cross)).toEqual({ x: -280, y: 0 });
  });

  it('never returns a spot that overlaps, while there is room nearby', () => {
    const taken = [{ x: 0, y: 0 }];
    for (let i = 0; i < 20; i++) taken.push(findFreeSpot({ x: 0, y: 0 }, taken));
    const keys = new Set(taken.map((p) => `${p.x},${p.y}`));
    expect(keys.size).toBe(taken.length);
    expect(Math.max(...taken.map((p) => Math.abs(p.x)))).toBeLessThanOrEqual(2 * 280);
  });
});
