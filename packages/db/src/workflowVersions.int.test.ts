import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { openPglite } from './openPglite';
import { createRunsRepo } from './runsRepo';
import type { Database } from './Sql';
import { createVersionRepo, type WorkflowVersion } from './workflowVersions';

let db: Database;

beforeAll(async () => {
  db = await openPglite({});
  await migrate(db.sql);
});

afterAll(async () => {
  await db?.close();
});

function version(id: string, patch: Partial<WorkflowVersion>): WorkflowVersion {
  return {
    id,
    workspaceId: 'ws',
    workflowId: 'wf',
    state: new Uint8Array([1, 2, 3]),
    graph: { name: 'g', nodes: [{ id: 'a' }, { id: 'b' }], edges: [] },
    reason: 'manual',
    createdBy: 'ada',
    createdAt: 1000,
    ...patch,
  };
}

describe('workflow versions: names and listing (pglite)', () => {
  it('stores a manual version’s name and lists a workflow’s versions newest first, with their run', async () => {
    const repo = createVersionRepo(db.sql);
    await repo.create(version('v-old', { name: 'v1', createdAt: 1000 }));
    await repo.create(version('v-run', { reason: 'run', createdAt: 2000, graph: { nodes: [] } }));
    await repo.create(version('v-new', { name: 'v2', createdAt: 3000, graph: { nodes: 'bad' } }));
    await repo.create(version('v-tie', { name: 'tie', createdAt: 3000 }));
    await repo.create(version('elsewhere', { workflowId: 'other', createdAt: 4000 }));
    await repo.create(version('other-ws', { workspaceId: 'ws2', createdAt: 5000 }));
    await createRunsRepo(db.sql).create({
      id: 'run-1',
      workspaceId: 'ws',
      workflowId: 'wf',
      versionId: 'v-run',
      requestedBy: 'ada',
      inputs: {},
      createdAt: 2000,
    });

    const listed = await repo.listByWorkflow('ws', 'wf');
    expect(listed.map((v) => v.id)).toEqual(['v-tie', 'v-new', 'v-run', 'v-old']);
    expect(listed.map((v) => [v.name, v.reason, v.runId, v.nodeCount])).toEqual([
      ['tie', 'manual', null, 2],
      ['v2', 'manual', null, 0],
      [null, 'run', 'run-1', 0],
      ['v1', 'manual', null, 2],
    ]);
    expect(listed[0]).toEqual({
      id: 'v-tie',
      workspaceId: 'ws',
      workflowId: 'wf',
      reason: 'manual',
      name: 'tie',
      createdBy: 'ada',
      createdAt: 3000,
      runId: null,
      nodeCount: 2,
      published: false,
    });
    expect((await repo.listByWorkflow('ws', 'wf', 2)).map((v) => v.id)).toEqual(['v-tie', 'v-new']);

    expect((await repo.get('v-old'))?.name).toBe('v1');
    // A version without a name reads back without the key, as before names existed.
    expect(await repo.get('v-run')).not.toHaveProperty('name');
  });
});
