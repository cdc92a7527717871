import {
  createCheckpointRepo,
  createPublishedVersionRepo,
  createRunApprovalsRepo,
  createSubworkflowRunsRepo,
  createVersionRepo,
  type Database,
  openJobQueue,
  RUN_QUEUE,
  type RunJob,
  type RunsRepo,
} from '@synapse/db';
import {
  createWorkflowEntry,
  normalizeGraph,
  readRun,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createJobHandler } from './createJobHandler';
import { childJobId } from './createSubworkflowGate';
import { sweepOverdueRuns } from './sweepOverdueRuns';
import { createMemoryRunDocument, openTestDatabase, replyingModel, seedRun } from './test/runFixture';

const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data,
});
const edge = (source: string, target: string) => ({
  source,
  target,
  sourceHandle: 'out',
  targetHandle: 'in',
});

/** `a` (an agent) → `call` (Sub-workflow of `workflowId`, published) → `out`. */
function callerGraph(workflowId: string): WorkflowGraph {
  return normalizeGraph({
    nodes: [
      node('a', 'agent', { provider: 'fake', model: 'm', userPrompt: 'a' }),
      node('call', 'subworkflow', {
        workflowId,
        versionId: '',
        inputs: [{ name: 'topic', value: '{{input}}' }],
      }),
      node('out', 'output', { label: 'Out' }),
    ],
    edges: [edge('a', 'call'), edge('call', 'out')],
  });
}

// Sub-workflow jobs against PGlite (ADR 0024), with the job handler driven by hand: the runtime re-check
// of the chain, and a parent resumed although the runner that ended its child died before queueing it.
describe('sub-workflow jobs', () => {
  let database: Database;
  let runs: RunsRepo;
  /** Documents by the last part of their name (run id, or `index`), made on first open. */
  const docs = new Map<string, Y.Doc>();
  const docOf = (key: string) => {
    if (!docs.has(key)) docs.set(key, new Y.Doc());
    return docs.get(key) as Y.Doc;
  };
  const prompts: string[] = [];
  const notified: string[] = [];
  beforeAll(async () => {
    ({ database, runs } = await openTestDatabase());
    createWorkflowEntry(docOf('index'), 'wf', { name: 'Parent', createdAt: 1 }, USER_ORIGIN);
    createWorkflowEntry(docOf('index'), 'wf-child', { name: 'Child', createdAt: 1 }, USER_ORIGIN);
    // The child: an agent answering with its input, then its Output. Published as `v-child`.
    await saveChildVersion(
      'v-child',
      [
        node('c', 'agent', { provider: 'fake', model: 'm', userPrompt: 'c {{input.topic}}' }),
        node('result', 'output', { label: 'Result' }),
      ],
      [edge('in', 'c'), edge('c', 'result')],
      'Release 1',
    );
    await createPublishedVersionRepo(database.sql).publish({
      workspaceId: 'ws',
      workflowId: 'wf-child',
      versionId: 'v-child',
      publishedBy: 'u',
      publishedAt: 1,
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Saves a version of the called workflow `wf-child`: an Input taking `topic`, then `rest`. */
  async function saveChildVersion(
    id: string,
    rest: ReturnType<typeof node>[],
    edges: ReturnType<typeof edge>[],
    name?: string,
  ) {
    await createVersionRepo(database.sql).create({
      id,
      workspaceId: 'ws',
      workflowId: 'wf-child',
      state: new Uint8Array(),
      graph: normalizeGraph({
        nodes: [
          node('in', 'input', { variables: [{ name: 'topic', type: 'string', default: '' }] }),
          ...rest,
        ],
        edges,
      }),
      reason: 'manual',
      ...(name ? { name } : {}),
      createdBy: 'u',
      createdAt: 1,
    });
  }

  let clock = 1_000;
  const now = () => ++clock;
  const links = () => createSubworkflowRunsRepo(database.sql);

  /** A runner's job handler; `sent` collects the jobs it queues, `linked: false` is one that never resumes parents. */
  function runner(sent: { job: RunJob; jobId?: string }[], linked = true) {
    return createJobHandler(handlerOptions(sent, linked));
  }

  function handlerOptions(
    sent: { job: RunJob; jobId?: string }[],
    linked = true,
    enqueue = async (job: RunJob, jobId?: string) => {
      sent.push({ job, ...(jobId ? { jobId } : {}) });
    },
  ): Parameters<typeof createJobHandler>[0] {
    return {
      runs,
      versions: createVersionRepo(database.sql),
      checkpoints: createCheckpointRepo(database.sql),
      runnerId: 'runner-a',
      openDocument: async (name) => createMemoryRunDocument(docOf(name.split('/').pop() as string)),
      servicesFor: () => ({
        callModel: replyingModel(async (r) => {
          prompts.push(r.prompt);
          return `<${r.prompt}>`;
        }),
      }),
      active: new Map(),
      metrics: { activeRuns: () => undefined, runFinished: () => undefined },
      logger: pino({ level: 'silent' }),
      now,
      nodeConcurrency: 2,
      approvals: { repo: createRunApprovalsRepo(database.sql), scheduleTimeout: async () => undefined },
      ...(linked
        ? {
            subworkflows: {
              links: links(),
              versions: createVersionRepo(database.sql),
              published: createPublishedVersionRepo(database.sql),
              enqueue,
              notifyCancel: async (runId: string) => void notified.push(runId),
              runDeadlineMs: 60_000,
            },
          }
        : {}),
    };
  }

  const sweep = (sent: { job: RunJob; jobId?: string }[]) =>
    sweepOverdueRuns({
      runs,
      runnerId: 'sweeper',
      openDocument: async (name) => createMemoryRunDocument(docOf(name.split('/').pop() as string)),
      graceMs: 0,
      now,
      logger: pino({ level: 'silent' }),
      subworkflows: {
        links: links(),
        enqueue: async (job, jobId) => void sent.push({ job, ...(jobId ? { jobId } : {}) }),
      },
    });

  it('refuses at runtime a call that comes back to a workflow on the chain', async () => {
    // Intake would refuse this graph; the runner checks again, as "published" can change after intake.
    const { doc } = await seedRun(database, callerGraph('wf'), { id: 'run-self', deadlineAt: 1_000_000 });
    docs.set('run-self', doc);
    const sent: { job: RunJob }[] = [];
    await runner(sent)({ runId: 'run-self', workspaceId: 'ws' });
    expect(readRun(doc)?.nodes.call).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.subworkflow.failed',
      error: 'sub-workflows call each other in a cycle: Parent → Parent',
    });
    expect(readRun(doc)?.nodes.call?.childRunId).toBeUndefined();
    expect(await links().activeChildren('run-self')).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('refuses at runtime a call to a workflow deleted since intake', async () => {
    const { doc } = await seedRun(database, callerGraph('wf-gone'), {
      id: 'run-gone',
      deadlineAt: 1_000_000,
    });
    docs.set('run-gone', doc);
    await runner([])({ runId: 'run-gone', workspaceId: 'ws' });
    expect(readRun(doc)?.nodes.call).toMatchObject({
      status: 'failed',
      error: 'the called workflow does not exist in this workspace (it may have been deleted)',
    });
    expect((await runs.get('run-gone'))?.status).toBe('failed');
  });

  it('resumes a parent whose child ended on a runner that died before queueing it', async () => {
    const { doc } = await seedRun(database, callerGraph('wf-child'), {
      id: 'run-parent',
      deadlineAt: 1_000_000,
    });
    docs.set('run-parent', doc);
    prompts.length = 0;
    const sent: { job: RunJob; jobId?: string }[] = [];
    await runner(sent)({ runId: 'run-parent', workspaceId: 'ws' });
    expect((await runs.get('run-parent'))?.status).toBe('waiting');
    const childRunId = readRun(doc)?.nodes.call?.childRunId as string;
    expect(readRun(doc)?.nodes.call).toMatchObject({ status: 'waiting', childWorkflowId: 'wf-child' });
    expect(sent).toEqual([{ job: { runId: childRunId, workspaceId: 'ws' }, jobId: childJobId(childRunId) }]);
    expect(readRun(docOf(childRunId))?.meta).toMatchObject({
      parentRunId: 'run-parent',
      parentNodeId: 'call',
      versionId: 'v-child',
      inputs: { topic: '<a>' },
    });

    // The child runs on a runner that ends it and then dies: its parent is never queued.
    await runner([], false)({ runId: childRunId, workspaceId: 'ws' });
    expect(await runs.get(childRunId)).toMatchObject({ status: 'succeeded', outputs: { Result: '<c <a>>' } });
    expect((await runs.get('run-parent'))?.status).toBe('waiting');

    // The overdue sweep finds the stranded parent and queues it; while no runner took it, a later sweep
    // sends that same job (one job per id in pg-boss) in case the first send was lost.
    const resumed: { job: RunJob; jobId?: string }[] = [];
    await sweep(resumed);
    await sweep(resumed);
    const jobId = resumed[0]?.jobId;
    expect(jobId).toBeDefined();
    expect(resumed).toEqual([
      { job: { runId: 'run-parent', workspaceId: 'ws' }, jobId },
      { job: { runId: 'run-parent', workspaceId: 'ws' }, jobId },
    ]);

    await runner([])(resumed[0]?.job as RunJob);
    await sweep(resumed);
    expect(resumed).toHaveLength(2);
    const run = readRun(doc);
    expect(run?.meta.status).toBe('succeeded');
    expect(run?.nodes.call).toMatchObject({ status: 'succeeded', output: '<c <a>>', childRunId });
    expect(run?.nodes.out?.output).toBe('<c <a>>');
    // Nothing finished was called again: `a` once, the child's `c` once.
    expect(prompts.filter((p) => p === 'a')).toHaveLength(1);
    expect(prompts.filter((p) => p === 'c <a>')).toHaveLength(1);
  });

  it('resumes the parent from a redelivered job of a child that had already ended', async () => {
    const { doc } = await seedRun(database, callerGraph('wf-child'), {
      id: 'run-redeliver',
      deadlineAt: 1_000_000,
    });
    docs.set('run-redeliver', doc);
    const sent: { job: RunJob }[] = [];
    await runner(sent)({ runId: 'run-redeliver', workspaceId: 'ws' });
    const childJob = sent[0]?.job as RunJob;
    await runner([], false)(childJob);
    expect((await runs.get('run-redeliver'))?.status).toBe('waiting');
    // pg-boss hands the child's job out again (its runner died before completing it).
    const again: { job: RunJob }[] = [];
    await runner(again)(childJob);
    expect(again).toEqual([
      { job: { runId: 'run-redeliver', workspaceId: 'ws' }, jobId: expect.any(String) },
    ]);
    await runner([])({ runId: 'run-redeliver', workspaceId: 'ws' });
    expect(readRun(doc)?.meta.status).toBe('succeeded');
  });

  it('cancels the child of a run that failed on another branch', async () => {
    // `call` waits for its child while `bad` fails beside it: the run fails, the child is of no use.
    const graph = normalizeGraph({
      nodes: [
        node('call', 'subworkflow', {
          workflowId: 'wf-child',
          versionId: '',
          inputs: [{ name: 'topic', value: 'x' }],
        }),
        node('bad', 'agent', { provider: 'fake', model: 'm', userPrompt: 'bad' }),
      ],
      edges: [],
    });
    const { doc } = await seedRun(database, graph, { id: 'run-failing', deadlineAt: 1_000_000 });
    docs.set('run-failing', doc);
    const handle = createJobHandler({
      ...handlerOptions([]),
      servicesFor: () => ({
        callModel: replyingModel(async () => {
          throw new Error('the model broke');
        }),
      }),
    });
    await handle({ runId: 'run-failing', workspaceId: 'ws' });
    expect((await runs.get('run-failing'))?.status).toBe('failed');
    const childRunId = readRun(doc)?.nodes.call?.childRunId as string;
    // The child was still queued (no runner took it): cancelled on the spot, its document ended here.
    expect((await runs.get(childRunId))?.status).toBe('cancelled');
    expect(readRun(docOf(childRunId))?.meta.status).toBe('cancelled');
    expect(notified).toEqual([]);
  });

  it("sends a parent's resume again under the same job id when the first send failed", async () => {
    // A real pg-boss on the same PGlite: it keeps one job per id, however many senders re-send it.
    const queue = await openJobQueue(database);
    try {
      const { doc } = await seedRun(database, callerGraph('wf-child'), { id: 'run-lost', deadlineAt: 1e6 });
      docs.set('run-lost', doc);
      const sent: { job: RunJob; jobId?: string }[] = [];
      await runner(sent)({ runId: 'run-lost', workspaceId: 'ws' });
      const childJob = sent[0]?.job as RunJob;
      // The child ends, its runner queues the parent (committed), then the send of the parent's job fails.
      const unreachable = async () => {
        throw new Error('the queue is unreachable');
      };
      await expect(createJobHandler(handlerOptions([], true, unreachable))(childJob)).rejects.toThrow(
        'the queue is unreachable',
      );
      expect((await runs.get('run-lost'))?.status).toBe('queued');

      // pg-boss redelivers the child's job, and the sweep looks too: both send the parent's job, same id.
      const toQueue = async (job: RunJob, jobId?: string) => {
        await queue.send(RUN_QUEUE, job, jobId ? { id: jobId } : {});
      };
      await createJobHandler(handlerOptions([], true, toQueue))(childJob);
      const swept: { job: RunJob; jobId?: string }[] = [];
      await sweep(swept);
      for (const { job, jobId } of swept) await toQueue(job, jobId);
      expect(swept.map((s) => s.job.runId)).toContain('run-lost');
      const jobs = (await queue.fetch<RunJob>(RUN_QUEUE, { batchSize: 50 })).filter(
        (j) => j.data.runId === 'run-lost',
      );
      expect(jobs).toHaveLength(1);

      await runner([])(jobs[0]?.data as RunJob);
      expect(readRun(doc)?.meta.status).toBe('succeeded');
      // Claimed: nothing is re-sent for it any more.
      const after: { job: RunJob }[] = [];
      await sweep(after);
      expect(after.map((s) => s.job.runId)).not.toContain('run-lost');
    } finally {
      await queue.stop({ graceful: false, close: true, timeout: 2000 });
    }
  });

  it("cancels a failed run's children from its redelivered job, each despite another's failure", async () => {
    // Two Sub-workflow nodes wait for their children while `bad` fails beside them.
    const call = (id: string) =>
      node(id, 'subworkflow', {
        workflowId: 'wf-child',
        versionId: '',
        inputs: [{ name: 'topic', value: id }],
      });
    const graph = normalizeGraph({
      nodes: [
        call('one'),
        call('two'),
        node('bad', 'agent', { provider: 'fake', model: 'm', userPrompt: 'bad' }),
      ],
      edges: [],
    });
    const { doc } = await seedRun(database, graph, { id: 'run-twice', deadlineAt: 1_000_000 });
    docs.set('run-twice', doc);
    const failingModel = () => ({
      callModel: replyingModel(async () => {
        throw new Error('the model broke');
      }),
    });
    const base = handlerOptions([]);
    const linked = base.subworkflows as NonNullable<typeof base.subworkflows>;
    // The runner ends the run, then dies before it cancels the children.
    const dying = createJobHandler({
      ...base,
      servicesFor: failingModel,
      subworkflows: {
        ...linked,
        links: {
          ...linked.links,
          activeChildren: async () => {
            throw new Error('the runner died');
          },
        },
      },
    });
    await expect(dying({ runId: 'run-twice', workspaceId: 'ws' })).rejects.toThrow('the runner died');
    expect((await runs.get('run-twice'))?.status).toBe('failed');
    const [one, two] = ['one', 'two'].map((id) => readRun(doc)?.nodes[id]?.childRunId as string);
    expect((await links().activeChildren('run-twice')).map((c) => c.id).sort()).toEqual([one, two].sort());

    // The redelivered job: the first child's document cannot be written; the second is still cancelled.
    const redelivered = createJobHandler({
      ...base,
      openDocument: async (name) => {
        if (name.endsWith(`/${one}`)) throw new Error('the sync server is unreachable');
        return base.openDocument(name);
      },
    });
    await expect(redelivered({ runId: 'run-twice', workspaceId: 'ws' })).rejects.toThrow();
    expect((await runs.get(two as string))?.status).toBe('cancelled');
    expect(readRun(docOf(two as string))?.meta.status).toBe('cancelled');
    expect((await runs.get(one as string))?.status).toBe('cancelled');
    expect(readRun(docOf(one as string))?.meta.status).toBe('queued');

    // Redelivered again: the cancelled child's document is completed from its row.
    await runner([])({ runId: 'run-twice', workspaceId: 'ws' });
    expect(readRun(docOf(one as string))?.meta.status).toBe('cancelled');
  });

  /** The linked handler options with `subworkflows` changed by `change`. */
  function linkedOptions(
    change: (linked: NonNullable<ReturnType<typeof handlerOptions>['subworkflows']>) => object,
  ): Parameters<typeof createJobHandler>[0] {
    const base = handlerOptions([]);
    const linked = base.subworkflows as NonNullable<typeof base.subworkflows>;
    return { ...base, subworkflows: { ...linked, ...change(linked) } };
  }

  it('reads the called version once when a node creates its child', async () => {
    const { doc } = await seedRun(database, callerGraph('wf-child'), { id: 'run-once', deadlineAt: 1e6 });
    docs.set('run-once', doc);
    const versions = createVersionRepo(database.sql);
    const read: string[] = [];
    const counting = {
      get(id: string) {
        read.push(id);
        return versions.get(id);
      },
    };
    await createJobHandler(linkedOptions(() => ({ versions: counting })))({
      runId: 'run-once',
      workspaceId: 'ws',
    });
    const childRunId = readRun(doc)?.nodes.call?.childRunId as string;
    expect(readRun(docOf(childRunId))?.meta).toMatchObject({ versionId: 'v-child', parentRunId: 'run-once' });
    expect(readRun(docOf(childRunId))?.graph.nodes.map((n) => n.id)).toEqual(['c', 'in', 'result']);
    expect(read).toEqual(['v-child']);
  });

  it('starts a child another attempt created first with what that child runs, not what this one checked', async () => {
    // The other attempt ran when another version was published: its child runs that one.
    await saveChildVersion(
      'v-child-earlier',
      [node('earlier', 'output', { label: 'Earlier' })],
      [edge('in', 'earlier')],
    );
    const { doc } = await seedRun(database, callerGraph('wf-child'), { id: 'run-raced', deadlineAt: 1e6 });
    docs.set('run-raced', doc);
    const sent: { job: RunJob; jobId?: string }[] = [];
    const options = linkedOptions((linked) => ({
      enqueue: async (job: RunJob, jobId?: string) => void sent.push({ job, ...(jobId ? { jobId } : {}) }),
      links: {
        ...linked.links,
        createChild: async (r: Parameters<typeof linked.links.createChild>[0]) => {
          await linked.links.createChild({ ...r, id: `${r.id}-first`, versionId: 'v-child-earlier' });
          return linked.links.createChild(r);
        },
      },
    }));
    await createJobHandler(options)({ runId: 'run-raced', workspaceId: 'ws' });
    const childRunId = readRun(doc)?.nodes.call?.childRunId as string;
    expect(childRunId).toMatch(/-first$/);
    expect(sent).toEqual([{ job: { runId: childRunId, workspaceId: 'ws' }, jobId: childJobId(childRunId) }]);
    const child = readRun(docOf(childRunId));
    expect(child?.meta.versionId).toBe('v-child-earlier');
    expect(child?.graph.nodes.map((n) => n.id)).toEqual(['earlier', 'in']);
  });
});
