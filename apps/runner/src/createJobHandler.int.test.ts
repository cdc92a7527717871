import { createCheckpointRepo, createVersionRepo, type Database, type RunsRepo } from '@synapse/db';
import { isTerminalRunStatus, readRun, type WorkflowGraph } from '@synapse/schema';
import { RUNNABLE_CASES } from '@synapse/schema/runnableCases';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { CallModel } from './callModel';
import { createJobHandler, type JobHandlerOptions } from './createJobHandler';
import { agentChain, openFrom, openTestDatabase, replyingModel, seedRun } from './test/runFixture';

// The job lifecycle against a real database (PGlite) and an in-memory run document: claim, execute,
// finalize (row, then document), fencing, crashes, and the recovery of a crash between the two ends.
describe('createJobHandler', () => {
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

  function handlerFor(
    docs: Map<string, Y.Doc>,
    callModel: CallModel,
    extra: Partial<JobHandlerOptions> = {},
  ) {
    const opened: string[] = [];
    const finished: string[] = [];
    const handle = createJobHandler({
      runs,
      versions: createVersionRepo(database.sql),
      checkpoints: createCheckpointRepo(database.sql),
      runnerId: 'runner-a',
      openDocument(name) {
        opened.push(name);
        return openFrom(docs)(name);
      },
      servicesFor: () => ({ callModel }),
      active: new Map(),
      metrics: { activeRuns: () => undefined, runFinished: (status) => finished.push(status) },
      logger: pino({ level: 'silent' }),
      now,
      nodeConcurrency: 2,
      ...extra,
    });
    return { handle, opened, finished };
  }

  async function seed(id: string, graph: WorkflowGraph = agentChain(['a', 'b'])) {
    const { doc } = await seedRun(database, graph, { id });
    return { doc, docs: new Map([[id, doc]]) };
  }

  it('ends the row before the document: whoever sees the document end finds the row ended', async () => {
    const { doc, docs } = await seed('run-order');
    // What a history view does: the moment the document says the run ended, read the row.
    const rowsSeen: Promise<string | undefined>[] = [];
    doc.on('afterTransaction', () => {
      const status = readRun(doc)?.meta.status;
      if (status && isTerminalRunStatus(status) && rowsSeen.length === 0)
        rowsSeen.push(runs.get('run-order').then((row) => row?.status));
    });
    const { handle, finished } = handlerFor(
      docs,
      replyingModel((r) => `answer(${r.prompt})`),
    );

    await handle({ runId: 'run-order', workspaceId: 'ws' });

    expect(rowsSeen).toHaveLength(1);
    expect(await rowsSeen[0]).toBe('succeeded');
    const run = readRun(doc);
    expect(run?.meta).toMatchObject({
      status: 'succeeded',
      totals: { inputTokens: 4, outputTokens: 6, nodesSucceeded: 2, nodesFailed: 0 },
    });
    expect(run?.nodes.b?.output).toBe('answer(b: answer(a: ))');
    expect(await runs.get('run-order')).toMatchObject({
      status: 'succeeded',
      inputTokens: 4,
      outputTokens: 6,
      finishedAt: run?.meta.finishedAt,
    });
    expect(finished).toEqual(['succeeded']);
  });

  it('writes no ending when another runner claimed the run meanwhile', async () => {
    const { doc, docs } = await seed('run-fenced');
    const { handle, finished } = handlerFor(
      docs,
      replyingModel(async () => {
        // Another runner takes the run over while node a is answering.
        await runs.claim('run-fenced', 'runner-b', now());
        return 'late';
      }),
    );

    await handle({ runId: 'run-fenced', workspaceId: 'ws' });

    expect(readRun(doc)?.meta.status).toBe('running');
    expect(readRun(doc)?.nodes.b?.status).not.toBe('succeeded');
    expect(await runs.get('run-fenced')).toMatchObject({ status: 'running', fencingToken: 2 });
    expect(finished).toEqual([]);
  });

  it('fails a crashed run, row and document, with the error', async () => {
    const { doc, docs } = await seed('run-crash');
    const { handle, finished } = handlerFor(
      docs,
      replyingModel(() => 'ok'),
      {
        checkpoints: {
          list: async () => [],
          save: async () => {
            throw new Error('the checkpoint table is gone');
          },
        },
      },
    );

    await handle({ runId: 'run-crash', workspaceId: 'ws' });

    expect(await runs.get('run-crash')).toMatchObject({
      status: 'failed',
      error: 'the checkpoint table is gone',
    });
    expect(readRun(doc)?.meta).toMatchObject({ status: 'failed', error: 'the checkpoint table is gone' });
    expect(finished).toEqual(['failed']);
  });

  it('completes the document from the row when a runner stopped between ending the two', async () => {
    const { doc, docs } = await seed('run-half-ended');
    // The first runner claimed the run, ended its row, and died before the document's ending.
    const claim = await runs.claim('run-half-ended', 'runner-dead', now());
    await runs.updateFenced('run-half-ended', claim!.token, {
      status: 'succeeded',
      error: null,
      finishedAt: 5_000,
      inputTokens: 7,
      outputTokens: 11,
      costUsd: 0.25,
    });
    const { handle, finished } = handlerFor(
      docs,
      replyingModel(() => 'never called'),
    );

    // pg-boss delivers the unfinished job again.
    await handle({ runId: 'run-half-ended', workspaceId: 'ws' });

    expect(readRun(doc)?.meta).toMatchObject({
      status: 'succeeded',
      finishedAt: 5_000,
      cost: 0.25,
      totals: { inputTokens: 7, outputTokens: 11, nodesSucceeded: 0, nodesFailed: 0 },
    });
    expect(finished).toEqual([]);
  });

  it('opens nothing for a run cancelled while queued', async () => {
    const { docs } = await seed('run-cancelled-queued');
    await runs.requestCancel('run-cancelled-queued', now());
    const { handle, opened } = handlerFor(
      docs,
      replyingModel(() => 'never called'),
    );

    await handle({ runId: 'run-cancelled-queued', workspaceId: 'ws' });

    expect(opened).toEqual([]);
    expect((await runs.get('run-cancelled-queued'))?.status).toBe('cancelled');
  });

  it('honours a cancel requested before this runner claimed the run', async () => {
    const { doc, docs } = await seed('run-cancel-early');
    await runs.claim('run-cancel-early', 'runner-dead', now());
    await runs.requestCancel('run-cancel-early', now());
    const calls: string[] = [];
    const { handle } = handlerFor(
      docs,
      replyingModel((r) => {
        calls.push(r.prompt);
        return 'x';
      }),
    );

    await handle({ runId: 'run-cancel-early', workspaceId: 'ws' });

    expect(calls).toEqual([]);
    expect((await runs.get('run-cancel-early'))?.status).toBe('cancelled');
    expect(readRun(doc)?.meta.status).toBe('cancelled');
  });

  describe('checks the frozen version again with the checkRunnable table intake, CLI and export share', () => {
    for (const [i, c] of RUNNABLE_CASES.entries()) {
      it(c.name, async () => {
        const id = `run-runnable-${i}`;
        const { doc } = await seedRun(database, c.graph, { id, inputs: c.inputs });
        let calls = 0;
        const { handle } = handlerFor(
          new Map([[id, doc]]),
          replyingModel(() => {
            calls++;
            return 'fine';
          }),
        );
        await handle({ runId: id, workspaceId: 'ws' });
        const row = await runs.get(id);
        if (c.expected === null) {
          expect(row?.status).toBe('succeeded');
          return;
        }
        expect(row?.status).toBe('failed');
        expect(row?.error).toMatch(new RegExp(`^${c.expected.code.replaceAll('.', '\\.')}: `));
        expect(row?.error).toMatch(c.expected.message);
        expect(readRun(doc)?.meta.error).toBe(row?.error);
        expect(calls).toBe(0);
      });
    }
  });
});
