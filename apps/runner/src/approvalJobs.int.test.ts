import {
  createCheckpointRepo,
  createRunApprovalsRepo,
  createVersionRepo,
  type Database,
  type RunJob,
  type RunsRepo,
} from '@synapse/db';
import { readRun } from '@synapse/schema';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandler } from './createJobHandler';
import { gatedGraph, openFrom, openTestDatabase, replyingModel, seedRun } from './test/runFixture';

// Human approval jobs against PGlite (ADR 0023): a run parks and its job ends; a timeout job decides
// `timeout` and takes the run on along its timeout branch; a human decision first makes the timeout
// job a no-op; a decision arriving before the park lets the same job go on.
describe('approval jobs', () => {
  let database: Database;
  let runs: RunsRepo;
  beforeAll(async () => {
    ({ database, runs } = await openTestDatabase());
  });
  afterAll(async () => {
    await database?.close();
  });

  let clock = 1_000;
  const now = () => ++clock;

  const graph = gatedGraph();

  async function setup(id: string, onSchedule?: () => Promise<void>) {
    const { doc } = await seedRun(database, graph, { id, deadlineAt: 1_000_000 });
    const prompts: string[] = [];
    const scheduled: { job: RunJob; at: number }[] = [];
    const approvals = createRunApprovalsRepo(database.sql);
    const handle = createJobHandler({
      runs,
      versions: createVersionRepo(database.sql),
      checkpoints: createCheckpointRepo(database.sql),
      runnerId: 'runner-a',
      openDocument: openFrom(new Map([[id, doc]])),
      servicesFor: () => ({
        callModel: replyingModel(async (r) => {
          prompts.push(r.prompt);
          return `out(${r.prompt})`;
        }),
      }),
      active: new Map(),
      metrics: { activeRuns: () => undefined, runFinished: () => undefined },
      logger: pino({ level: 'silent' }),
      now,
      nodeConcurrency: 2,
      approvals: {
        repo: approvals,
        scheduleTimeout: async (job, at) => {
          scheduled.push({ job, at });
          await onSchedule?.();
        },
      },
    });
    return { doc, prompts, scheduled, approvals, handle };
  }

  it('parks with a scheduled timeout, and the timeout job takes the timeout branch', async () => {
    const t = await setup('run-timeout');
    await t.handle({ runId: 'run-timeout', workspaceId: 'ws' });
    expect((await runs.get('run-timeout'))?.status).toBe('waiting');
    expect(readRun(t.doc)?.meta.status).toBe('waiting');
    expect(readRun(t.doc)?.nodes.gate?.approval).toMatchObject({
      value: 'draft',
      timeoutAt: expect.any(Number),
    });
    expect(t.scheduled).toEqual([
      {
        job: { runId: 'run-timeout', workspaceId: 'ws', approvalTimeout: { nodeId: 'gate' } },
        at: readRun(t.doc)?.nodes.gate?.approval?.timeoutAt,
      },
    ]);

    await t.handle(t.scheduled[0]!.job);
    const run = readRun(t.doc)!;
    expect(run.meta.status).toBe('succeeded');
    expect(run.nodes.gate).toMatchObject({
      status: 'succeeded',
      branch: 'timeout',
      approval: { decision: 'timeout' },
    });
    expect(run.nodes.yes?.status).toBe('skipped');
    expect(t.prompts).toEqual(['late draft']);
    expect((await runs.get('run-timeout'))?.status).toBe('succeeded');
  });

  it('ignores a timeout that comes due after a human decided', async () => {
    const t = await setup('run-decided');
    await t.handle({ runId: 'run-decided', workspaceId: 'ws' });
    const decided = await t.approvals.decide('run-decided', 'gate', {
      decision: 'approved',
      value: 'edited',
      decidedBy: 'bob',
      decidedByName: 'Bob',
      decidedAt: now(),
    });
    expect(decided.outcome).toBe('resume');
    await t.handle({ runId: 'run-decided', workspaceId: 'ws', approvalTimeout: { nodeId: 'gate' } });
    // Still queued: the timeout job neither decided nor ran it; the resume job does.
    expect((await runs.get('run-decided'))?.status).toBe('queued');
    await t.handle({ runId: 'run-decided', workspaceId: 'ws' });
    expect(readRun(t.doc)?.nodes.gate).toMatchObject({
      branch: 'approved',
      output: 'edited',
      approval: { decidedByName: 'Bob' },
    });
    expect(t.prompts).toEqual(['yes edited']);
  });

  it('goes on in the same job when the decision lands before the run parks', async () => {
    // The request is recorded and the timeout scheduled; an editor decides before the runner parks.
    const t = await setup('run-early', async () => {
      await createRunApprovalsRepo(database.sql).decide('run-early', 'gate', {
        decision: 'approved',
        decidedAt: now(),
      });
    });
    await t.handle({ runId: 'run-early', workspaceId: 'ws' });
    expect((await runs.get('run-early'))?.status).toBe('succeeded');
    expect(readRun(t.doc)?.nodes.gate).toMatchObject({ branch: 'approved', output: 'draft' });
    expect(t.prompts).toEqual(['yes draft']);
  });

  it('ends the run cancelled when its cancel was requested before the park and its notice never came', async () => {
    // The server asks while the runner holds the run (a running run is only flagged); the notice to this
    // runner is lost or late. Parked, the run would wait forever with nobody cancelling it again.
    const t = await setup('run-cancelled', async () => {
      expect(await runs.requestCancel('run-cancelled', now())).toEqual({ status: 'running' });
    });
    await t.handle({ runId: 'run-cancelled', workspaceId: 'ws' });
    expect((await runs.get('run-cancelled'))?.status).toBe('cancelled');
    expect(readRun(t.doc)?.meta.status).toBe('cancelled');
    expect(readRun(t.doc)?.nodes.gate?.status).toBe('cancelled');
    expect(t.prompts).toEqual([]);
  });
});
