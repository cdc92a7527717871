import { createCheckpointRepo } from './runCheckpoints';
import { createRunsRepo } from './runsRepo';
import type { Sql } from './Sql';
import { createVersionRepo } from './workflowVersions';

// Rows the repository suites seed: ids unique across suites sharing one database, a stored version, and
// a finished run with its one model node's checkpoint.

let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const u = (...values: number[]) => new Uint8Array(values);

/** A stored workflow version of `workflowId` (in workspace ws-1), for runs to point at. */
export async function createTestVersion(sql: Sql, workflowId: string) {
  const version = {
    id: unique('ver'),
    workspaceId: 'ws-1',
    workflowId,
    state: u(5, 6, 7),
    graph: { nodes: [{ id: 'n1', kind: 'llm' }], edges: [] },
    reason: 'run' as const,
    createdBy: 'user-1',
    createdAt: 1_700_000_000_000,
  };
  await createVersionRepo(sql).create(version);
  return version;
}

/** A run claimed at `startedAt` and finished with `status`, and its one model node's checkpoint. */
export async function finishedRun(
  sql: Sql,
  p: {
    workspaceId: string;
    versionId: string;
    workflowId: string;
    requestedBy?: string;
    createdAt: number;
    startedAt: number;
    finishedAt: number;
    nodeFinishedAt: number;
    status: 'succeeded' | 'failed';
    model: string;
    trigger?: string;
  },
): Promise<string> {
  const runs = createRunsRepo(sql);
  const id = unique('run');
  const { workspaceId, versionId, workflowId, createdAt, status } = p;
  await runs.create({
    id,
    workspaceId,
    workflowId,
    versionId,
    requestedBy: p.requestedBy ?? 'alice',
    inputs: {},
    createdAt,
    ...(p.trigger ? { trigger: p.trigger } : {}),
  });
  const claim = await runs.claim(id, 'r', p.startedAt);
  const usage = { inputTokens: 10, outputTokens: 5, costUsd: 0.01 };
  await runs.updateFenced(id, claim!.token, { status, finishedAt: p.finishedAt, ...usage });
  await createCheckpointRepo(sql).save(id, claim!.token, {
    nodeId: 'n',
    status,
    output: 'x',
    branch: null,
    attempt: 1,
    provider: 'openai',
    model: p.model,
    ...usage,
    error: null,
    startedAt: createdAt,
    finishedAt: p.nodeFinishedAt,
  });
  return id;
}
