import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { normalizeGraph } from './normalizeGraph';
import { RUNNER_ORIGIN, SERVER_ORIGIN } from './origins';
import { readNodeRunStatuses, readRun } from './readRun';
import {
  appendNodeOutput,
  getNodeOutputText,
  initRunDoc,
  isTerminalRunStatus,
  RUN_SCHEMA_VERSION,
  resetNodeOutput,
  runMaps,
  updateNodeRun,
  updateRunMeta,
} from './runDoc';
import { graphFixture } from './test/graphFixture';

const graph = graphFixture(['a', 'b', ['n', 'note']], [['a', 'b']]);
const init = { runId: 'r1', workflowId: 'wf1', versionId: 'v1', requestedBy: 'u1', createdAt: 1000, graph };

function initialised(): Y.Doc {
  const doc = new Y.Doc();
  initRunDoc(doc, init, SERVER_ORIGIN);
  return doc;
}

describe('run document', () => {
  it('initialises meta, the frozen graph and a queued entry per executable node', () => {
    const doc = initialised();
    expect(runMaps(doc).meta.get('schemaVersion')).toBe(RUN_SCHEMA_VERSION);
    expect(readRun(doc)).toEqual({
      meta: {
        runId: 'r1',
        workflowId: 'wf1',
        versionId: 'v1',
        status: 'queued',
        requestedBy: 'u1',
        createdAt: 1000,
        totals: { inputTokens: 0, outputTokens: 0, nodesSucceeded: 0, nodesFailed: 0 },
      },
      graph: normalizeGraph(graph),
      nodes: {
        a: { status: 'queued', attempt: 0, output: '' },
        b: { status: 'queued', attempt: 0, output: '' },
      },
    });
    expect(getNodeOutputText(doc, 'a')).toBeInstanceOf(Y.Text);
  });

  it('re-initialising the same run is a no-op; another run id throws', () => {
    const doc = initialised();
    const before = Y.encodeStateVector(doc);
    initRunDoc(doc, { ...init, createdAt: 5 }, SERVER_ORIGIN);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(() => initRunDoc(doc, { ...init, runId: 'r2' }, SERVER_ORIGIN)).toThrow(/already holds run r1/);
    expect(() => initRunDoc(new Y.Doc(), { ...init, runId: 'a/b' }, SERVER_ORIGIN)).toThrow(RangeError);
  });

  it('updates meta and node state; undefined clears optional fields', () => {
    const doc = initialised();
    updateRunMeta(doc, { status: 'running', startedAt: 1100 }, RUNNER_ORIGIN);
    updateNodeRun(
      doc,
      'a',
      { status: 'running', attempt: 1, startedAt: 1200, provider: 'local' },
      RUNNER_ORIGIN,
    );
    updateNodeRun(
      doc,
      'a',
      { status: 'failed', finishedAt: 1300, error: 'boom', usage: { inputTokens: 3, outputTokens: 4 } },
      RUNNER_ORIGIN,
    );
    updateNodeRun(doc, 'a', { error: undefined, status: 'succeeded' }, RUNNER_ORIGIN);
    updateRunMeta(
      doc,
      {
        status: 'succeeded',
        finishedAt: 1400,
        totals: { inputTokens: 3, outputTokens: 4, nodesSucceeded: 1, nodesFailed: 0 },
      },
      RUNNER_ORIGIN,
    );
    const run = readRun(doc)!;
    expect(run.meta).toMatchObject({ status: 'succeeded', startedAt: 1100, finishedAt: 1400 });
    expect(run.meta.totals).toEqual({ inputTokens: 3, outputTokens: 4, nodesSucceeded: 1, nodesFailed: 0 });
    expect(run.nodes.a).toEqual({
      status: 'succeeded',
      attempt: 1,
      startedAt: 1200,
      finishedAt: 1300,
      output: '',
      usage: { inputTokens: 3, outputTokens: 4 },
      provider: 'local',
    });
  });

  it('refuses invalid patches', () => {
    const doc = initialised();
    // @ts-expect-error: not a run status
    expect(() => updateRunMeta(doc, { status: 'done' }, RUNNER_ORIGIN)).toThrow(RangeError);
    // @ts-expect-error: runId is fixed at init
    expect(() => updateRunMeta(doc, { runId: 'x' }, RUNNER_ORIGIN)).toThrow(RangeError);
    expect(() => updateNodeRun(doc, 'a', { startedAt: Number.NaN }, RUNNER_ORIGIN)).toThrow(TypeError);
    expect(() => updateNodeRun(doc, 'bad id', { attempt: 1 }, RUNNER_ORIGIN)).toThrow(RangeError);
    const before = Y.encodeStateVector(doc);
    expect(() => updateRunMeta(doc, { status: 'running', startedAt: Number.NaN }, RUNNER_ORIGIN)).toThrow(
      TypeError,
    );
    const badGraph = graphFixture(['ok', 'not ok']);
    expect(() => initRunDoc(new Y.Doc(), { ...init, graph: badGraph }, SERVER_ORIGIN)).toThrow(RangeError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(readRun(doc)!.meta.status).toBe('queued');
  });

  it('leaves a field that already holds the value alone: no Yjs item, no update', () => {
    const doc = initialised();
    updateNodeRun(doc, 'a', { status: 'running', attempt: 1, startedAt: 5 }, RUNNER_ORIGIN);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));

    updateNodeRun(doc, 'a', { status: 'running', attempt: 1, startedAt: 5 }, RUNNER_ORIGIN);
    expect(updates).toHaveLength(0);
    updateNodeRun(doc, 'a', { status: 'running', attempt: 2 }, RUNNER_ORIGIN);

    expect(updates).toHaveLength(1);
    expect(readRun(doc)!.nodes.a).toMatchObject({ status: 'running', attempt: 2, startedAt: 5 });
  });

  it('reads node statuses without reading the run', () => {
    const doc = initialised();
    updateNodeRun(doc, 'b', { status: 'running' }, RUNNER_ORIGIN);
    expect(readNodeRunStatuses(doc)).toEqual(
      new Map([
        ['a', 'queued'],
        ['b', 'running'],
      ]),
    );
  });

  it('appends streamed output and resets it for a restart', () => {
    const doc = initialised();
    appendNodeOutput(doc, 'a', 'Hello', RUNNER_ORIGIN);
    appendNodeOutput(doc, 'a', '', RUNNER_ORIGIN);
    appendNodeOutput(doc, 'a', ', world', RUNNER_ORIGIN);
    expect(readRun(doc)!.nodes.a!.output).toBe('Hello, world');
    resetNodeOutput(doc, 'a', RUNNER_ORIGIN);
    expect(readRun(doc)!.nodes.a!.output).toBe('');
    appendNodeOutput(doc, 'late', 'x', RUNNER_ORIGIN);
    expect(readRun(doc)!.nodes.late).toEqual({ status: 'queued', attempt: 0, output: 'x' });
  });

  it('streams to a reader replica as it is written', () => {
    const runner = initialised();
    const viewer = new Y.Doc();
    runner.on('update', (u: Uint8Array) => Y.applyUpdate(viewer, u));
    Y.applyUpdate(viewer, Y.encodeStateAsUpdate(runner));
    appendNodeOutput(runner, 'b', 'tok', RUNNER_ORIGIN);
    expect(getNodeOutputText(viewer, 'b')!.toString()).toBe('tok');
  });

  it('reads null before init and defaults from odd content', () => {
    const doc = new Y.Doc();
    expect(readRun(doc)).toBeNull();
    const { meta, graph: graphMap, nodes } = runMaps(doc);
    meta.set('runId', 'r9');
    meta.set('status', 'exploded');
    meta.set('createdAt', 'yesterday');
    meta.set('totals', { inputTokens: -5, outputTokens: 'many' });
    graphMap.set('json', { nodes: [{ id: 'x', type: 'agent' }, { type: 'agent' }, 'junk'], edges: 'none' });
    nodes.set('x', 'not a map' as unknown as Y.Map<unknown>);
    const entry = new Y.Map<unknown>();
    nodes.set('y', entry);
    entry.set('status', 7);
    entry.set('attempt', -1);
    entry.set('usage', 'lots');
    const run = readRun(doc)!;
    expect(run.meta).toEqual({
      runId: 'r9',
      workflowId: '',
      versionId: '',
      status: 'queued',
      requestedBy: '',
      createdAt: 0,
      totals: { inputTokens: 0, outputTokens: 0, nodesSucceeded: 0, nodesFailed: 0 },
    });
    expect(run.graph.nodes.map((n) => n.id)).toEqual(['x']);
    expect(run.graph.edges).toEqual([]);
    expect(run.nodes).toEqual({
      y: { status: 'queued', attempt: 0, output: '', usage: { inputTokens: 0, outputTokens: 0 } },
    });
  });

  it('knows which run statuses are terminal', () => {
    expect(
      ['queued', 'running', 'succeeded', 'failed', 'cancelled'].filter((s) =>
        isTerminalRunStatus(s as never),
      ),
    ).toEqual(['succeeded', 'failed', 'cancelled']);
  });
});

describe('run document detail fields', () => {
  it('round-trips attempts, resolved input, cost, branch and restart marks, and refuses malformed ones', () => {
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      {
        runId: 'r1',
        workflowId: 'w1',
        versionId: 'v1',
        requestedBy: 'u',
        createdAt: 1,
        graph: {
          name: '',
          nodes: [{ id: 'a', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } }],
          edges: [],
        },
      },
      RUNNER_ORIGIN,
    );
    const attempts = [
      {
        attempt: 1,
        provider: 'openai',
        model: 'm',
        startedAt: 2,
        finishedAt: 3,
        code: 'synapse.provider.server',
        error: '500',
      },
      { attempt: 2, provider: 'local', model: 'local-demo', startedAt: 4 },
    ];
    updateNodeRun(
      doc,
      'a',
      { attempts, input: 'prompt', cost: 0.25, branch: 'yes', restarted: true, errorCode: 'x.y' },
      RUNNER_ORIGIN,
    );
    updateRunMeta(doc, { inputs: { topic: 'AI' }, cost: 0.25, cancelRequestedAt: 9 }, RUNNER_ORIGIN);
    attempts[0]!.provider = 'mutated after write';
    const run = readRun(doc)!;
    expect(run.nodes.a).toMatchObject({
      input: 'prompt',
      cost: 0.25,
      branch: 'yes',
      restarted: true,
      errorCode: 'x.y',
    });
    expect(run.nodes.a!.attempts).toEqual([
      {
        attempt: 1,
        provider: 'openai',
        model: 'm',
        startedAt: 2,
        finishedAt: 3,
        code: 'synapse.provider.server',
        error: '500',
      },
      { attempt: 2, provider: 'local', model: 'local-demo', startedAt: 4 },
    ]);
    expect(run.meta).toMatchObject({ inputs: { topic: 'AI' }, cost: 0.25, cancelRequestedAt: 9 });
    expect(() => updateNodeRun(doc, 'a', { restarted: 'yes' as never }, RUNNER_ORIGIN)).toThrow(TypeError);
    expect(() => updateNodeRun(doc, 'a', { attempts: [{ attempt: 1 }] as never }, RUNNER_ORIGIN)).toThrow(
      TypeError,
    );
    expect(() => updateRunMeta(doc, { inputs: { n: 1 } as never }, RUNNER_ORIGIN)).toThrow(TypeError);
  });
});
