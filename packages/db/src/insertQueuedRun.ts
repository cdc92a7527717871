import { randomBytes } from 'node:crypto';
import { createRunsRepo } from './runsRepo';
import type { Sql } from './Sql';
import { createVersionRepo } from './workflowVersions';

/** Test fixture for the repository suites: a queued run of `workflowId` on a fresh version; returns its id. */
export async function insertQueuedRun(sql: Sql, workspaceId: string, workflowId = 'wf'): Promise<string> {
  const versionId = `ver-${randomBytes(4).toString('hex')}`;
  await createVersionRepo(sql).create({
    id: versionId,
    workspaceId,
    workflowId,
    state: new Uint8Array([1]),
    graph: { nodes: [], edges: [] },
    reason: 'run',
    createdBy: 'ada',
    createdAt: 1,
  });
  const id = `run-${randomBytes(4).toString('hex')}`;
  await createRunsRepo(sql).create({
    id,
    workspaceId,
    workflowId,
    versionId,
    requestedBy: 'ada',
    inputs: {},
    createdAt: 1,
  });
  return id;
}
