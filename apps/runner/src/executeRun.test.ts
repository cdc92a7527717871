import type { NodeCheckpoint } from '@synapse/db';
import {
  initRunDoc,
  normalizeGraph,
  RUNNER_ORIGIN,
  readRun,
  updateNodeRun,
  type WorkflowGraph,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CallModel, ModelEvent, NodeModelRequest } from './callModel';
import { createRunWriter } from './createRunWriter';
import { createSemaphore } from './createSemaphore';
import { executeRun } from './executeRun';

type Edge = [string, string, string?];

function graphOf(
  nodes: Record<string, { type: string; data?: Record<string, unknown> }>,
  edges: Edge[],
): WorkflowGraph {
  return normalizeGraph({
    nodes: Object.entries(nodes).map(([id, n]) => ({
      id,
      type: n.type,
      position: { x: 0, y: 0 },
      data: n.data ?? {},
    })),
    edges: edges.map(([source, target, sourceHandle]) => ({
      source,
      target,
      sourceHandle: sourceHandle ?? 'out',
      targetHandle: 'in',
    })),
  });
}

/** A model that answers `<label>(<prompt>)` by default; `script` can replace the events per node label. */
function scriptedModel(script: Record<string, (req: NodeModelRequest) => AsyncIterable<ModelEvent>> = {}) {
  const calls: NodeModelRequest[] = [];
  const callModel: CallModel = (req) => {
    calls.push(req);
    const custom = script[req.chain[0]?.model ?? ''];
    if (custom) return custom(req);
    return (async function* () {
      yield { type: 'attempt', attempt: 1, provider: req.chain[0]!.provider, model: req.chain[0]!.model };
      yield { type: 'text', text: `${req.chain[0]!.model}(${req.prompt})` };
      yield { type: 'usage', inputTokens: 2, outputTokens: 3 };
      yield { type: 'done', finishReason: 'stop' };
    })();
  };
  return { calls, callModel };
}

const agent = (model: string, extra: Record<string, unknown> = {}) => ({
  type: 'agent',
  data: { provider: 'fake', model, userPrompt: '{{input}}', ...extra },
});

async function run(
  graph: WorkflowGraph,
  callModel: CallModel,
  extra: Partial<Parameters<typeof executeRun>[0]> = {},
) {
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph },
    RUNNER_ORIGIN,
  );
  const writer = createRunWriter(doc, { coalesceMs: 0 });
  const outcome = await executeRun({
    graph,
    inputs: { topic: 'tides' },
    callModel,
    writer,
    signal: new AbortController().signal,
    concurrency: 4,
    now: () => 1000,
    ...extra,
  });
  writer.dispose();
  return { outcome, doc, snapshot: readRun(doc)! };
}

describe('executeRun', () => {
  it('runs a diamond, feeding each node the joined outputs of its predecessors', async () => {
    const graph = graphOf(
      {
        in: { type: 'input', data: { variables: [{ name: 'topic', type: 'string', default: '' }] } },
        a: agent('A'),
        b: agent('B'),
        j: agent('J'),
        out: { type: 'output' },
      },
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'j'],
        ['b', 'j'],
        ['j', 'out'],
      ],
    );
    const { calls, callModel } = scriptedModel();
    const { outcome, snapshot } = await run(graph, callModel);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.outputs.out).toBe('J(A(tides)\n\nB(tides))');
    expect(calls).toHaveLength(3);
    expect(snapshot.nodes.j).toMatchObject({
      status: 'succeeded',
      input: 'A(tides)\n\nB(tides)',
      usage: { inputTokens: 2, outputTokens: 3 },
    });
    expect(outcome).toMatchObject({ inputTokens: 6, outputTokens: 9, nodesSucceeded: 5, nodesFailed: 0 });
  });

  it('renders {{nodes.<key>.output}} by key, and an old reference by id, to the same output', async () => {
    const graph = graphOf(
      {
        a1: agent('A', { key: 'draft', userPrompt: 'topic' }),
        b1: agent('B', { key: 'edit', userPrompt: '[{{nodes.draft.output}}] [{{ nodes.a1.output }}]' }),
      },
      [['a1', 'b1']],
    );
    const { calls, callModel } = scriptedModel();
    const { snapshot } = await run(graph, callModel);
    expect(calls.map((c) => c.prompt)).toEqual(['topic', '[A(topic)] [A(topic)]']);
    expect(snapshot.nodes.b1?.status).toBe('succeeded');
  });

  describe('structured output', () => {
    const schema = {
      type: 'object',
      properties: { priority: { type: 'string', enum: ['high', 'low'] }, reason: { type: 'string' } },
      required: ['priority'],
    };
    /** A model whose `T` (triage) replies come from `replies` in turn; every other model echoes. */
    function triageModel(replies: string[]) {
      return scriptedModel({
        T: (req) =>
          (async function* () {
            yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'T' } as const;
            yield { type: 'text', text: replies.shift() ?? '' } as const;
            yield { type: 'usage', inputTokens: 1, outputTokens: 1 } as const;
            yield { type: 'done', finishReason: 'stop' } as const;
            void req;
          })(),
      });
    }
    const workflow = () =>
      graphOf(
        {
          t: agent('T', { key: 'triage', userPrompt: 'Ticket: printer on fire', outputSchema: schema }),
          r: {
            type: 'router',
            data: {
              userPrompt: '{{nodes.triage.output.priority}}',
              branches: [
                { id: 'hi', label: 'high', match: 'equals', value: 'high' },
                { id: 'lo', label: 'low', match: 'else' },
              ],
            },
          },
          page: agent('P', { userPrompt: 'Page on-call: {{nodes.triage.output.reason}}' }),
          queue: agent('Q'),
        },
        [
          ['t', 'r'],
          ['r', 'page', 'hi'],
          ['r', 'queue', 'lo'],
        ],
      );

    it('repairs an invalid reply once, outputs canonical JSON, and a router branches on a field', async () => {
      const { calls, callModel } = triageModel([
        'Priority: high!',
        '```json\n{"priority": "high", "reason": "fire"}\n```',
      ]);
      const { snapshot } = await run(workflow(), callModel);
      const triage = calls.filter((c) => c.chain[0]?.model === 'T');
      expect(triage).toHaveLength(2);
      expect(triage[0]).toMatchObject({ json: true, system: expect.stringContaining('JSON Schema') });
      expect(triage[1]?.messages?.at(-1)?.content).toMatch(/does not fit: the reply is not JSON/);
      expect(snapshot.nodes.t).toMatchObject({
        status: 'succeeded',
        output: '{"priority":"high","reason":"fire"}',
      });
      expect(snapshot.nodes.r).toMatchObject({ status: 'succeeded', branch: 'hi' });
      expect(snapshot.nodes.queue?.status).toBe('skipped');
      expect(calls.find((c) => c.chain[0]?.model === 'P')?.prompt).toBe('Page on-call: fire');
    });

    it('fails clearly when the repaired reply is still invalid', async () => {
      const { calls, callModel } = triageModel(['{"priority": "urgent"}', '{"priority": "soon"}']);
      const { snapshot } = await run(workflow(), callModel);
      expect(calls.filter((c) => c.chain[0]?.model === 'T')).toHaveLength(2);
      expect(snapshot.nodes.t).toMatchObject({
        status: 'failed',
        errorCode: 'synapse.run.invalid_output',
        error: expect.stringMatching(/even after one repair: \$\.priority must be one of "high", "low"/),
      });
      expect(snapshot.nodes.r?.status).toBe('skipped');
    });
  });

  it('skips the untaken router branch and still runs the join after it', async () => {
    const graph = graphOf(
      {
        in: { type: 'input', data: { variables: [{ name: 'topic', type: 'string', default: '' }] } },
        r: {
          type: 'router',
          data: {
            mode: 'rule',
            branches: [
              { id: 'yes', label: 'yes', match: 'contains', value: 'tide' },
              { id: 'no', label: 'no', match: 'else' },
            ],
          },
        },
        a: agent('A'),
        b: agent('B'),
        after: agent('AfterB'),
        j: agent('J'),
      },
      [
        ['in', 'r'],
        ['r', 'a', 'yes'],
        ['r', 'b', 'no'],
        ['b', 'after'],
        ['a', 'j'],
        ['after', 'j'],
      ],
    );
    const { calls, callModel } = scriptedModel();
    const { outcome, snapshot } = await run(graph, callModel);
    expect(outcome.status).toBe('succeeded');
    expect(snapshot.nodes.r).toMatchObject({ status: 'succeeded', branch: 'yes' });
    expect(snapshot.nodes.b).toMatchObject({ status: 'skipped', errorCode: 'synapse.run.branch_not_taken' });
    expect(snapshot.nodes.after).toMatchObject({ status: 'skipped' });
    expect(snapshot.nodes.j).toMatchObject({ status: 'succeeded', input: 'A(tides)' });
    expect(calls.map((c) => c.chain[0]!.model)).toEqual(['A', 'J']);
  });

  it('lets an LLM router pick the branch by label', async () => {
    const graph = graphOf(
      {
        r: {
          type: 'router',
          data: {
            mode: 'llm',
            provider: 'fake',
            model: 'Classifier',
            userPrompt: 'route me',
            branches: [
              { id: 'x', label: 'billing' },
              { id: 'y', label: 'support' },
            ],
          },
        },
        a: agent('A'),
        b: agent('B'),
      },
      [
        ['r', 'a', 'x'],
        ['r', 'b', 'y'],
      ],
    );
    const { callModel } = scriptedModel({
      Classifier: async function* (req) {
        yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'Classifier' };
        expect(req.system).toMatch(/- billing\n- support/);
        yield { type: 'text', text: 'Support.' };
      },
    });
    const { snapshot } = await run(graph, callModel);
    expect(snapshot.nodes.r).toMatchObject({ branch: 'y', output: 'route me' });
    expect(snapshot.nodes.a!.status).toBe('skipped');
    expect(snapshot.nodes.b!.status).toBe('succeeded');
  });

  it('fails a node, skips everything below it and reports the error code', async () => {
    const graph = graphOf({ a: agent('Bad'), b: agent('B'), c: agent('C') }, [['a', 'b']]);
    const { callModel } = scriptedModel({
      Bad: async function* () {
        yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'Bad' };
        throw Object.assign(new Error('invalid api key'), { code: 'synapse.provider.auth' });
      },
    });
    const { outcome, snapshot } = await run(graph, callModel);
    expect(outcome).toMatchObject({ status: 'failed', error: '1 node failed: Agent' });
    expect(snapshot.nodes.a).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.provider.auth',
      error: 'invalid api key',
    });
    expect(snapshot.nodes.b).toMatchObject({ status: 'skipped', errorCode: 'synapse.run.upstream_failed' });
    expect(snapshot.nodes.c!.status).toBe('succeeded');
  });

  it('reports every node below a failure as skipped because that node failed, with no router in sight', async () => {
    const graph = graphOf(
      {
        a: agent('Bad', { label: 'Researcher' }),
        b: agent('B', { label: 'Writer' }),
        c: agent('C', { label: 'Editor' }),
        d: { type: 'output' },
      },
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ],
    );
    const { callModel } = scriptedModel({
      Bad: async function* () {
        yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'Bad' };
        throw Object.assign(new Error('invalid api key'), { code: 'synapse.provider.auth' });
      },
    });
    const { snapshot } = await run(graph, callModel);
    for (const id of ['b', 'c', 'd']) {
      expect(snapshot.nodes[id]).toMatchObject({
        status: 'skipped',
        errorCode: 'synapse.run.upstream_failed',
        error: 'skipped: Researcher failed',
      });
    }
  });

  it('shows a visible restart: output reset, attempts listed with the failure and the fallback', async () => {
    const graph = graphOf(
      { a: agent('Primary', { fallbacks: [{ provider: 'fake', model: 'Backup' }] }) },
      [],
    );
    const { callModel } = scriptedModel({
      Primary: async function* () {
        yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'Primary' };
        yield { type: 'text', text: 'half an ans' };
        yield {
          type: 'attempt_failed',
          attempt: 1,
          code: 'synapse.provider.network',
          message: 'socket hang up',
        };
        yield { type: 'restart', attempt: 2 };
        yield { type: 'attempt', attempt: 2, provider: 'fake', model: 'Backup' };
        yield { type: 'text', text: 'whole answer' };
      },
    });
    const { snapshot } = await run(graph, callModel);
    expect(snapshot.nodes.a).toMatchObject({
      status: 'succeeded',
      output: 'whole answer',
      attempt: 2,
      model: 'Backup',
    });
    expect(snapshot.nodes.a!.attempts).toEqual([
      {
        attempt: 1,
        provider: 'fake',
        model: 'Primary',
        startedAt: 1000,
        finishedAt: 1000,
        code: 'synapse.provider.network',
        error: 'socket hang up',
      },
      { attempt: 2, provider: 'fake', model: 'Backup', startedAt: 1000, finishedAt: 1000 },
    ]);
  });

  it('cancels mid-stream: the running node and everything not started end cancelled', async () => {
    const controller = new AbortController();
    const graph = graphOf({ a: agent('Slow'), b: agent('B') }, [['a', 'b']]);
    const { callModel } = scriptedModel({
      Slow: async function* (req) {
        yield { type: 'attempt', attempt: 1, provider: 'fake', model: 'Slow' };
        yield { type: 'text', text: 'partial' };
        controller.abort('cancelled');
        expect(req.signal.aborted).toBe(true);
        throw new Error('aborted');
      },
    });
    const { outcome, snapshot } = await run(graph, callModel, { signal: controller.signal });
    expect(outcome.status).toBe('cancelled');
    expect(snapshot.nodes.a!.status).toBe('cancelled');
    expect(snapshot.nodes.b!.status).toBe('cancelled');
  });

  it('fails the run with the deadline reason when the deadline aborts it', async () => {
    const controller = new AbortController();
    controller.abort('deadline');
    const { outcome, snapshot } = await run(graphOf({ a: agent('A') }, []), scriptedModel().callModel, {
      signal: controller.signal,
    });
    expect(outcome).toMatchObject({ status: 'failed', error: 'the run deadline passed' });
    expect(snapshot.nodes.a).toMatchObject({ status: 'failed', errorCode: 'synapse.run.deadline' });
  });

  it('reuses checkpoints without calling the model and marks an interrupted node as restarted', async () => {
    const graph = graphOf({ a: agent('A'), b: agent('B') }, [['a', 'b']]);
    const checkpoint: NodeCheckpoint = {
      nodeId: 'a',
      status: 'succeeded',
      output: 'saved answer',
      branch: null,
      attempt: 1,
      provider: 'fake',
      model: 'A',
      inputTokens: 5,
      outputTokens: 6,
      costUsd: 0,
      error: null,
      startedAt: 1,
      finishedAt: 2,
    };
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph },
      RUNNER_ORIGIN,
    );
    updateNodeRun(doc, 'b', { status: 'running', attempt: 1 }, RUNNER_ORIGIN);
    const writer = createRunWriter(doc, { coalesceMs: 0 });
    const { calls, callModel } = scriptedModel();
    const saved: NodeCheckpoint[] = [];
    const outcome = await executeRun({
      graph,
      inputs: {},
      callModel,
      writer,
      signal: new AbortController().signal,
      concurrency: 2,
      now: () => 1,
      checkpoints: new Map([['a', checkpoint]]),
      checkpoint: async (c) => {
        saved.push(c);
        return true;
      },
    });
    writer.dispose();
    expect(calls.map((c) => c.chain[0]!.model)).toEqual(['B']);
    expect(outcome.outputs.b).toBe('B(saved answer)');
    expect(outcome.inputTokens).toBe(7);
    const snapshot = readRun(doc)!;
    expect(snapshot.nodes.a).toMatchObject({ status: 'succeeded', output: 'saved answer' });
    expect(snapshot.nodes.b).toMatchObject({ status: 'succeeded', restarted: true });
    expect(saved.map((c) => c.nodeId)).toEqual(['b']);
  });

  it('stops writing once fenced out by another runner', async () => {
    const graph = graphOf({ a: agent('A'), b: agent('B') }, [['a', 'b']]);
    const { calls, callModel } = scriptedModel();
    const { outcome, snapshot } = await run(graph, callModel, { checkpoint: async () => false });
    expect(outcome).toMatchObject({ status: 'failed', error: 'another runner took over this run' });
    expect(calls).toHaveLength(1);
    expect(snapshot.nodes.b!.status).toBe('queued');
  });

  it('refuses to go past the maximum step count', async () => {
    const graph = graphOf({ a: agent('A'), b: agent('B'), c: agent('C') }, [
      ['a', 'b'],
      ['b', 'c'],
    ]);
    const { outcome, snapshot } = await run(graph, scriptedModel().callModel, { maxSteps: 3 });
    expect(outcome).toMatchObject({ status: 'failed', error: 'the run took more steps than allowed' });
    expect(snapshot.nodes.a!.status).toBe('succeeded');
    expect(snapshot.nodes.c).toMatchObject({ status: 'failed', errorCode: 'synapse.run.max_steps' });
  });

  it('starts siblings in one update: all of them running with their resolved input', async () => {
    const topic = { type: 'input', data: { variables: [{ name: 'topic', type: 'string', default: '' }] } };
    const graph = graphOf({ in: topic, a: agent('A'), b: agent('B'), c: agent('C') }, [
      ['in', 'a'],
      ['in', 'b'],
      ['in', 'c'],
    ]);
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph },
      RUNNER_ORIGIN,
    );
    // A watcher's copy, as it receives the runner's updates one by one.
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc));
    const seen: string[][] = [];
    doc.on('update', (update: Uint8Array) => {
      Y.applyUpdate(mirror, update);
      const nodes = readRun(mirror)?.nodes ?? {};
      seen.push(
        ['a', 'b', 'c'].filter((id) => nodes[id]?.status === 'running' && nodes[id]?.input === 'tides'),
      );
    });
    const writer = createRunWriter(doc, { coalesceMs: 0 });
    const outcome = await executeRun({
      graph,
      inputs: { topic: 'tides' },
      callModel: scriptedModel().callModel,
      writer,
      signal: new AbortController().signal,
      concurrency: 4,
      runnerSlots: createSemaphore(8),
      now: () => 1000,
    });
    writer.dispose();
    expect(outcome.status).toBe('succeeded');
    expect(seen.find((running) => running.length > 0)).toEqual(['a', 'b', 'c']);
  });

  it('writes siblings that finish together as one update, each seen running before it ends', async () => {
    const graph = graphOf({ a: agent('A'), b: agent('B'), c: agent('C'), d: agent('D') }, []);
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph },
      RUNNER_ORIGIN,
    );
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc));
    const statuses = new Map<string, string[]>();
    const finishing: number[] = [];
    doc.on('update', (update: Uint8Array) => {
      Y.applyUpdate(mirror, update);
      let finished = 0;
      for (const [id, node] of Object.entries(readRun(mirror)?.nodes ?? {})) {
        const seen = statuses.get(id) ?? [];
        if (seen.at(-1) !== node.status) statuses.set(id, [...seen, node.status]);
        if (node.status === 'succeeded' && seen.at(-1) !== 'succeeded') finished += 1;
      }
      if (finished > 0) finishing.push(finished);
    });
    // Answers at once: every sibling finishes in the same turn.
    const immediate: CallModel = () =>
      (async function* (): AsyncGenerator<ModelEvent> {
        yield { type: 'text', text: 'ok' };
      })();
    const writer = createRunWriter(doc, { coalesceMs: 40 });
    const outcome = await executeRun({
      graph,
      inputs: {},
      callModel: immediate,
      writer,
      signal: new AbortController().signal,
      concurrency: 4,
      now: () => 1000,
    });
    writer.dispose();

    expect(outcome.status).toBe('succeeded');
    expect(finishing).toEqual([4]);
    for (const id of ['a', 'b', 'c', 'd']) expect(statuses.get(id)).toEqual(['running', 'succeeded']);
    expect(readRun(doc)?.nodes.a?.output).toBe('ok');
  });
});
