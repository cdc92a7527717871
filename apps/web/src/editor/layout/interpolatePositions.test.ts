import { describe, expect, it } from 'vitest';
import { easeInOutCubic, interpolatePositions } from './interpolatePositions';

describe('interpolatePositions', () => {
  const from = new Map([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 100, y: 100 }],
    ['gone', { x: 5, y: 5 }],
  ]);
  const to = new Map([
    ['a', { x: 200, y: -100 }],
    ['b', { x: 100, y: 100 }],
    ['new', { x: 1, y: 1 }],
  ]);

  it('starts at the old layout and ends exactly at the new one', () => {
    expect(interpolatePositions(from, to, 0).get('a')).toEqual({ x: 0, y: 0 });
    expect(interpolatePositions(from, to, 1).get('a')).toEqual({ x: 200, y: -100 });
  });

  it('is half-way at the middle and clamps outside 0..1', () => {
    expect(interpolatePositions(from, to, 0.5).get('a')).toEqual({ x: 100, y: -50 });
    expect(interpolatePositions(from, to, 2).get('a')).toEqual({ x: 200, y: -100 });
    expect(interpolatePositions(from, to, -1).get('a')).toEqual({ x: 0, y: 0 });
  });

  it('moves only nodes known at both ends', () => {
    expect([...interpolatePositions(from, to, 0.3).keys()]).toEqual(['a', 'b']);
  });

  it('eases: slow at the ends, monotonic', () => {
    expect(easeInOutCubic(0.1)).toBeLessThan(0.1);
    expect(easeInOutCubic(0.9)).toBeGreaterThan(0.9);
    let previous = -1;
    for (let i = 0; i <= 20; i++) {
      const v = easeInOutCubic(i / 20);
      expect(v).toBeGreaterThanOrEqual(previous);
      previous = v;
    }
  });
});
