import {
  createCheckpointRepo,
  createRunsRepo,
  createVersionRepo,
  type Database,
  migrate,
  openDatabase,
  type RunRow,
  type RunsRepo,
} from '@synapse/db';
import { initRunDoc, normalizeGraph, RUNNER_ORIGIN, type WorkflowGraph } from '@synapse/schema';
import pino from 'pino';
import * as Y from 'yjs';
import type { CallModel, ModelEvent, NodeModelRequest } from '../callModel';
import { createJobHandler, type RunServices } from '../createJobHandler';
import { createRunWriter } from '../createRunWriter';
import type { RunDocument } from '../openRunDocument';
import type { RunNodeContext } from '../RunNodeContext';

/** Agents in a chain a → b → …, each answering through provider `fake`. */
export function agentChain(ids: string[], data: Record<string, unknown> = {}): WorkflowGraph {
  return normalizeGraph({
    nodes: ids.map((id, i) => ({
      id,
      type: 'agent',
      position: { x: i * 100, y: 0 },
      data: { provider: 'fake', model: `model-${id}`, userPrompt: `${id}: {{input}}`, ...data },
    })),
    edges: ids.slice(1).map((id, i) => ({
      source: ids[i] as string,
      target: id,
      sourceHandle: 'out',
      targetHandle: 'in',
    })),
  });
}

/** A model test double: one attempt that streams `reply(request)` and reports usage. */
export function replyingModel(reply: (request: NodeModelRequest) => string | Promise<string>): CallModel {
  return (request) =>
    (async function* () {
      const first = request.chain[0] ?? { provider: 'fake', model: 'fake' };
      yield { type: 'attempt' as const, attempt: 1, provider: first.provider, model: first.model };
      yield { type: 'text' as const, text: await reply(request) };
      yield { type: 'usage' as const, inputTokens: 2, outputTokens: 3 };
      yield { type: 'done' as const, finishReason: 'stop' as const };
    })();
}

/**
 * The run document as the server holds it, without a network: changes land in `doc` (what every
 * watcher would see), and an acknowledgement is immediate once buffered output is flushed.
 */
export function createMemoryRunDocument(doc: Y.Doc): RunDocument {
  const writer = createRunWriter(doc, { coalesceMs: 0 });
  return {
    ...writer,
    async whenAcknowledged() {
      writer.flush();
    },
    async close() {
      writer.dispose();
    },
  };
}

/** A queued run of `graph` in the database (with its frozen version) and its initialised run document. */
export async function seedRun(
  database: Database,
  graph: WorkflowGraph,
  run: { id: string; workspaceId?: string; deadlineAt?: number; inputs?: Record<string, string> },
): Promise<{ row: RunRow; doc: Y.Doc }> {
  const workspaceId = run.workspaceId ?? 'ws';
  await createVersionRepo(database.sql).create({
    id: `v-${run.id}`,
    workspaceId,
    workflowId: 'wf',
    state: new Uint8Array(),
    graph,
    reason: 'run',
    createdBy: 'u',
    createdAt: 1,
  });
  const row = await createRunsRepo(database.sql).create({
    id: run.id,
    workspaceId,
    workflowId: 'wf',
    versionId: `v-${run.id}`,
    requestedBy: 'u',
    inputs: run.inputs ?? {},
    createdAt: 1,
    ...(run.deadlineAt !== undefined ? { deadlineAt: run.deadlineAt } : {}),
  });
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: run.id, workflowId: 'wf', versionId: row.versionId, requestedBy: 'u', createdAt: 1, graph },
    RUNNER_ORIGIN,
  );
  return { row, doc };
}

/**
 * A model test double that plays one scripted turn per call (an Error entry throws there) and keeps
 * every request it got.
 */
export function scriptedTurns(
  ...turns: (ModelEvent | Error)[][]
): CallModel & { requests: NodeModelRequest[] } {
  const requests: NodeModelRequest[] = [];
  const call = (request: NodeModelRequest) => {
    requests.push(request);
    const turn = turns.shift() ?? [];
    return (async function* () {
      for (const event of turn) {
        if (event instanceof Error) throw event;
        yield event;
      }
    })();
  };
  return Object.assign(call, { requests });
}

/** A run document of agents `ids` and the context one of its nodes runs with (time stands at 100). */
export function nodeContextFor(
  callModel: CallModel,
  extra: Partial<RunNodeContext> = {},
): { doc: Y.Doc; ctx: RunNodeContext; graph: WorkflowGraph } {
  const graph = agentChain(['a']);
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: 'r', workflowId: 'wf', versionId: 'v', requestedBy: 'u', createdAt: 1, graph },
    RUNNER_ORIGIN,
  );
  const ctx: RunNodeContext = {
    upstream: '',
    outputs: {},
    refs: new Map(),
    inputs: {},
    restarted: false,
    callModel,
    writer: createRunWriter(doc, { coalesceMs: 0 }),
    signal: new AbortController().signal,
    onAttempt: () => undefined,
    now: () => 100,
    ...extra,
  };
  return { doc, ctx, graph };
}

/** PGlite in memory with every migration applied, and its runs repository. */
export async function openTestDatabase(): Promise<{ database: Database; runs: RunsRepo }> {
  const database = await openDatabase({});
  await migrate(database.sql);
  return { database, runs: createRunsRepo(database.sql) };
}

/** `openDocument` over in-memory run documents kept by run id (the last part of the document name). */
export function openFrom(docs: ReadonlyMap<string, Y.Doc>): (name: string) => Promise<RunDocument> {
  return async (name) => {
    const doc = docs.get(name.split('/').pop() as string);
    if (!doc) throw new Error(`no document ${name}`);
    return createMemoryRunDocument(doc);
  };
}

/** Runs a seeded run's job once, with `servicesFor` (a createRunServices), on its in-memory document. */
export async function handleRunJob(
  database: Database,
  doc: Y.Doc,
  servicesFor: (run: RunRow) => RunServices,
  run: { id: string; workspaceId?: string },
): Promise<void> {
  await createJobHandler({
    runs: createRunsRepo(database.sql),
    versions: createVersionRepo(database.sql),
    checkpoints: createCheckpointRepo(database.sql),
    runnerId: 'runner-a',
    openDocument: async () => createMemoryRunDocument(doc),
    servicesFor,
    active: new Map(),
    metrics: { activeRuns: () => undefined, runFinished: () => undefined },
    logger: pino({ level: 'silent' }),
    now: Date.now,
    nodeConcurrency: 1,
  })({ runId: run.id, workspaceId: run.workspaceId ?? 'ws' });
}

/**
 * in → gate (Human approval, 60 s timeout) → `yes` on `approved`, `late` on `timeout`; both agents
 * answer `yes <input>` / `late <input>` prompts. `gate` data can be overridden.
 */
export function gatedGraph(gateData: Record<string, unknown> = {}): WorkflowGraph {
  const agent = (id: string) => ({
    id,
    type: 'agent',
    position: { x: 0, y: 0 },
    data: { provider: 'fake', model: 'm', userPrompt: `${id} {{input}}` },
  });
  return normalizeGraph({
    nodes: [
      { id: 'in', type: 'input', position: { x: 0, y: 0 }, data: { value: 'draft' } },
      { id: 'gate', type: 'approval', position: { x: 0, y: 0 }, data: { timeoutMs: 60_000, ...gateData } },
      agent('yes'),
      agent('late'),
    ],
    edges: [
      { source: 'in', target: 'gate', sourceHandle: 'out', targetHandle: 'in' },
      { source: 'gate', target: 'yes', sourceHandle: 'approved', targetHandle: 'in' },
      { source: 'gate', target: 'late', sourceHandle: 'timeout', targetHandle: 'in' },
    ],
  });
}
