import type { Database, RunsRepo } from '@synapse/db';
import { RUNNER_ORIGIN, readRun, updateNodeRun } from '@synapse/schema';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { sweepOverdueRuns } from './sweepOverdueRuns';
import { agentChain, openFrom, openTestDatabase, seedRun } from './test/runFixture';

describe('sweepOverdueRuns', () => {
  let database: Database;
  let runs: RunsRepo;
  const docs = new Map<string, Y.Doc>();
  beforeAll(async () => {
    ({ database, runs } = await openTestDatabase());
  });
  afterAll(async () => {
    await database?.close();
  });

  const NOW = 100_000;
  const sweep = () =>
    sweepOverdueRuns({
      runs,
      runnerId: 'sweeper',
      openDocument: openFrom(docs),
      graceMs: 1_000,
      now: () => NOW,
      logger: pino({ level: 'silent' }),
    });

  async function seed(id: string, deadlineAt: number) {
    const { doc } = await seedRun(database, agentChain(['a', 'b', 'c']), { id, deadlineAt });
    docs.set(id, doc);
    return doc;
  }

  it('fails a run whose runner never finished it and its unfinished nodes, fencing out that runner', async () => {
    const doc = await seed('run-overdue', NOW - 5_000);
    const zombie = await runs.claim('run-overdue', 'runner-hung', 1);
    updateNodeRun(doc, 'a', { status: 'succeeded', startedAt: 1, finishedAt: 2 }, RUNNER_ORIGIN);
    updateNodeRun(doc, 'b', { status: 'running', startedAt: 2 }, RUNNER_ORIGIN);
    // Still inside the grace period: its own runner gets to fail it first.
    await seed('run-in-grace', NOW - 500);
    await runs.claim('run-in-grace', 'runner-slow', 1);

    expect(await sweep()).toBe(1);

    const message = 'the run deadline passed and no runner finished it';
    const run = readRun(doc);
    expect(run?.meta).toMatchObject({ status: 'failed', finishedAt: NOW, error: message });
    expect(run?.nodes.a?.status).toBe('succeeded');
    for (const id of ['b', 'c'])
      expect(run?.nodes[id]).toMatchObject({ status: 'failed', errorCode: 'synapse.run.deadline' });
    expect(await runs.get('run-overdue')).toMatchObject({
      status: 'failed',
      error: message,
      finishedAt: NOW,
    });
    expect(await runs.updateFenced('run-overdue', zombie!.token, { status: 'succeeded' })).toBe(false);
    expect((await runs.get('run-in-grace'))?.status).toBe('running');
  });

  it('leaves finished runs alone', async () => {
    const doc = await seed('run-done', NOW - 5_000);
    const claim = await runs.claim('run-done', 'runner-a', 1);
    await runs.updateFenced('run-done', claim!.token, { status: 'succeeded', finishedAt: 50 });

    expect(await sweep()).toBe(0);
    expect(readRun(doc)?.meta.status).toBe('queued');
    expect((await runs.get('run-done'))?.status).toBe('succeeded');
  });
});
