import { summarizeWorkflowGraph, type WorkflowEntry } from '@synapse/schema';
import type { RunRow } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { workflowCardFacts } from './workflowCardFacts';

const NOW = Date.UTC(2026, 0, 10, 12);
const entry = (preview?: WorkflowEntry['preview']): WorkflowEntry => ({
  id: 'wf',
  name: 'W',
  createdAt: 0,
  updatedAt: 0,
  archived: false,
  ...(preview ? { preview } : {}),
});
const graph = (n: number) => ({
  nodes: Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: 'agent' as const,
    position: { x: 0, y: 0 },
    data: { label: '' },
  })),
  edges: [],
});

describe('workflowCardFacts', () => {
  it('counts nodes from the index preview, in words', () => {
    expect(workflowCardFacts(entry(summarizeWorkflowGraph(graph(3))), undefined, NOW).nodes).toBe('3 nodes');
    expect(workflowCardFacts(entry(summarizeWorkflowGraph(graph(1))), undefined, NOW).nodes).toBe('1 node');
    expect(workflowCardFacts(entry(), undefined, NOW).nodes).toBeNull();
  });

  it('says how the last run went and when it finished', () => {
    const run = {
      status: 'failed',
      createdAt: NOW - 3 * 3600_000,
      startedAt: null,
      finishedAt: NOW - 2 * 3600_000,
    };
    expect(workflowCardFacts(entry(), run as RunRow, NOW).lastRun).toEqual({
      status: 'failed',
      when: '2 hours ago',
      at: NOW - 2 * 3600_000,
    });
    expect(workflowCardFacts(entry(), undefined, NOW).lastRun).toBeNull();
  });

  it('dates a run that has not finished by when it started or was queued', () => {
    const queued = { status: 'queued', createdAt: NOW - 60_000, startedAt: null, finishedAt: null };
    expect(workflowCardFacts(entry(), queued as RunRow, NOW).lastRun?.at).toBe(NOW - 60_000);
  });
});
