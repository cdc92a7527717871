import { describe, expect, it } from 'vitest';
import { findFreeSpot } from './findFreeSpot';

describe('findFreeSpot', () => {
  it('uses the desired spot when it is free', () => {
    expect(findFreeSpot({ x: 10.4, y: 20.6 }, [{ x: 500, y: 500 }])).toEqual({ x: 10, y: 21 });
  });

  it('moves right, then down, past nodes already there', () => {
    expect(findFreeSpot({ x: 0, y: 0 }, [{ x: 0, y: 0 }])).toEqual({ x: 280, y: 0 });
    const row = [0, 280, 560, 840].map((x) => ({ x, y: 0 }));
    expect(findFreeSpot({ x: 0, y: 0 }, row)).toEqual({ x: 0, y: 120 });
  });
});
