import { describe, expect, it } from 'vitest';
import { colorForClient } from './colorForClient';

describe('colorForClient', () => {
  it('is stable per client and differs between neighbouring ids', () => {
    expect(colorForClient(42)).toBe(colorForClient(42));
    const hues = new Set([1, 2, 3, 4, 5, 6].map((id) => colorForClient(id)));
    expect(hues.size).toBe(6);
  });
});
