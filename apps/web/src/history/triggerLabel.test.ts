import { describe, expect, it } from 'vitest';
import { triggerKindName, triggerLabel } from './triggerLabel';

describe('triggerLabel', () => {
  it('names automation and leaves the Run button unmarked', () => {
    expect(triggerLabel('manual')).toBeNull();
    expect(triggerLabel(null)).toBeNull();
    expect(triggerLabel('api')).toBe('API');
    expect(triggerLabel('webhook:abc')).toBe('webhook');
    expect(triggerLabel('schedule:abc')).toBe('schedule');
  });

  it('names each trigger kind for the analytics table, and passes unknown kinds through', () => {
    expect(['manual', 'api', 'mcp', 'webhook', 'schedule', 'later'].map(triggerKindName)).toEqual([
      'Run button',
      'Run API',
      'MCP tool',
      'Webhooks',
      'Schedules',
      'later',
    ]);
  });
});
