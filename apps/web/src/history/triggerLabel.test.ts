import { describe, expect, it } from 'vitest';
import { triggerLabel } from './triggerLabel';

describe('triggerLabel', () => {
  it('names automation and leaves the Run button unmarked', () => {
    expect(triggerLabel('manual')).toBeNull();
    expect(triggerLabel(null)).toBeNull();
    expect(triggerLabel('api')).toBe('API');
    expect(triggerLabel('webhook:abc')).toBe('webhook');
    expect(triggerLabel('schedule:abc')).toBe('schedule');
  });
});
