import { describe, expect, it } from 'vitest';
import { formatCost, formatDuration } from './formatRunNumbers';

describe('formatRunNumbers', () => {
  it('formats durations by magnitude', () => {
    expect(formatDuration(-5)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('formats small and large costs', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.004217)).toBe('$0.0042');
    expect(formatCost(1.249)).toBe('$1.25');
  });
});
