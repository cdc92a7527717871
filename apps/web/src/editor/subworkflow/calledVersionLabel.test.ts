import type { Version } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { calledVersionLabel } from './calledVersionLabel';

const version = (id: string, name: string | null): Version => ({
  id,
  workflowId: 'w',
  reason: name ? 'manual' : 'run',
  name,
  createdBy: 'u',
  createdAt: Date.UTC(2026, 0, 2, 3, 4),
  runId: null,
  nodeCount: 2,
  published: false,
});

describe('calledVersionLabel', () => {
  it('names the published version, a pinned one by its name, and says when the pinned one is gone', () => {
    const ready = { state: 'ready' as const, data: [version('v1', 'Launch'), version('v2', null)] };
    expect(calledVersionLabel('', ready)).toBe('Published');
    expect(calledVersionLabel('', null)).toBe('Published');
    expect(calledVersionLabel('v1', ready)).toBe('Launch');
    expect(calledVersionLabel('v2', ready)).toMatch(/^Run of /);
    expect(calledVersionLabel('gone', ready)).toBe('Missing version');
    expect(calledVersionLabel('v1', { state: 'loading' })).toBe('Saved version');
    expect(calledVersionLabel('v1', { state: 'error', message: 'offline' })).toBe('Saved version');
  });
});
