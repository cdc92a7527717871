import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type CallModel, executeRun, openRunDocument, type RunDocument } from '@synapse/runner';
import {
  appendNodeOutput,
  getNodeOutputText,
  initRunDoc,
  normalizeGraph,
  RUNNER_ORIGIN,
  readRun,
  runDocName,
  type WorkflowGraph,
} from '@synapse/schema';
import * as Y from 'yjs';
import { decodeStamps } from './models';
import { type BenchStack, type Client, connectClient } from './stack';
import { type Distribution, distribution, fmt, formatTable, sleep, waitUntil } from './stats';
import { startRun, writeWorkflow } from './workflow';

export const STREAM_NODES = 20;
export const OBSERVERS = 10;
export const TOKEN_INTERVAL_MS = 20;

export type StreamVariant = 'perToken' | 'tick' | 'coalesced' | 'shipped';
export const STREAM_VARIANTS: Record<StreamVariant, string> = {
  perToken:
    'one Yjs transaction per token (appendNodeOutput as each token arrives) — what a user would write',
  tick: 'createRunWriter with coalesceMs 0: tokens arriving before the next timer tick (≥ 1 ms) share a transaction',
  coalesced: 'our coalescing: createRunWriter with the default coalesceMs (40 ms)',
  shipped:
    'the product path: POST /runs → job queue → startRunner (default 40 ms coalescing) → the model router',
};

export interface StreamRow {
  variant: StreamVariant;
  round: number;
  tokens: number;
  /** Token emitted by the model → an observer's document holds it; every observer × token. */
  latencyMs: Distribution;
  missed: number;
  /** Yjs updates an observer received during the run, per token (status, input, usage included). */
  updatesPerToken: number;
  bytesPerToken: number;
  /** Transactions the runner-side document made, per token (harness variants only); each is one message
   * to the server and one log row. Observers get fewer: Hocuspocus 4.7 merges what arrives in one loop turn. */
  writerUpdatesPerToken: number | null;
  /** Of those, the transactions that appended output text. */
  writerTextUpdatesPerToken: number | null;
  /** Latency p50 of the tokens emitted in each quarter of the stream: growth means a queue builds up. */
  p50ByQuarter: number[];
  /** Rows the server appended to the run document's update log, per token, and commits. */
  logRowsPerToken: number;
  logCommits: number;
  streamMs: number;
  eventLoopDelayMs: { p99: number; max: number };
  /** Every latency observation (not written to the JSON). */
  samples?: Float64Array;
}

/**
 * One observer on the run document: each node's output Y.Text is observed, and every inserted token is
 * timed against its stamp when the observer's document applies it (before any UI could render it). The
 * document's `update` events count what the observer received.
 */
class TokenObserver {
  latencies: number[] = [];
  stamps: number[] = [];
  updates = 0;
  bytes = 0;
  tokens = 0;
  private readonly unobserve: (() => void)[] = [];
  private readonly onUpdate = (update: Uint8Array) => {
    this.updates += 1;
    this.bytes += update.byteLength;
  };

  constructor(
    readonly client: Client,
    nodeIds: string[],
  ) {
    for (const id of nodeIds) {
      const text = getNodeOutputText(client.doc, id);
      if (!text) throw new Error(`run document has no output text for ${id}`);
      const onText = (event: Y.YTextEvent) => {
        const now = performance.now();
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const stamp of decodeStamps(op.insert)) {
            this.latencies.push(now - stamp);
            this.stamps.push(stamp);
            this.tokens += 1;
          }
        }
      };
      text.observe(onText);
      this.unobserve.push(() => text.unobserve(onText));
    }
    client.doc.on('update', this.onUpdate);
  }

  stop(): void {
    this.client.doc.off('update', this.onUpdate);
    for (const off of this.unobserve.splice(0)) off();
  }
}

export function streamGraphNodes(): string[] {
  return Array.from({ length: STREAM_NODES }, (_, i) => `agent${i}`);
}

function streamGraph(tokensPerNode: number): WorkflowGraph {
  return normalizeGraph({
    nodes: streamGraphNodes().map((id, i) => ({
      id,
      type: 'agent',
      position: { x: i * 240, y: 0 },
      data: { label: id, provider: 'bench', model: 'bench', userPrompt: 'go', maxTokens: tokensPerNode },
    })),
    edges: [],
  });
}

export interface StreamingSetup {
  stack: BenchStack;
  callModel: CallModel;
  /** Holds the model's first token until opened. */
  closeGate(): void;
  openGate(): void;
}

/**
 * 20 parallel agents × `tokensPerNode` tokens at 50 tokens/s each, 10 observers on the run document, in
 * `rounds` rounds (the variant order reversed every other round).
 */
export async function runStreaming(
  setup: StreamingSetup,
  options: {
    tokensPerNode: number;
    rounds: number;
    variants?: StreamVariant[];
    collectGarbage: () => void;
    log: (line: string) => void;
  },
): Promise<StreamRow[]> {
  const { stack } = setup;
  const nodeIds = streamGraphNodes();
  const workflowId = 'bench-stream';
  await writeWorkflow(stack, workflowId, {
    nodes: Object.fromEntries(nodeIds.map((id) => [id, { maxTokens: options.tokensPerNode }])),
    edges: [],
  });
  const rows: StreamRow[] = [];
  const variants = (Object.keys(STREAM_VARIANTS) as StreamVariant[]).filter(
    (v) => !options.variants || options.variants.includes(v),
  );
  for (let round = 1; round <= options.rounds; round++) {
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const variant of order) {
      options.collectGarbage();
      await sleep(200);
      const row = await streamOnce(setup, variant, round, workflowId, options.tokensPerNode);
      rows.push(row);
      options.log(
        `  ${stack.database} ${variant} round ${round}: latency p50 ${fmt(row.latencyMs.p50)} p99 ` +
          `${fmt(row.latencyMs.p99)} ms, ${fmt(row.updatesPerToken, 3)} updates/token`,
      );
    }
  }
  return rows;
}

async function streamOnce(
  setup: StreamingSetup,
  variant: StreamVariant,
  round: number,
  workflowId: string,
  tokensPerNode: number,
): Promise<StreamRow> {
  const { stack } = setup;
  const nodeIds = streamGraphNodes();
  const expected = nodeIds.length * tokensPerNode;
  setup.closeGate();
  let docName: string;
  let writer: RunDocument | null = null;
  let writerUpdates = 0;
  let writerTextUpdates = 0;
  const countWriterUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    writerUpdates += 1;
    for (const type of tr.changed.keys()) {
      if (type instanceof Y.Text) {
        writerTextUpdates += 1;
        break;
      }
    }
  };
  if (variant === 'shipped') {
    docName = runDocName(stack.workspaceId, await startRun(stack, workflowId));
  } else {
    // The runner's own steps for a claimed run, minus the queue: open the run document as the service,
    // (initRunDoc, which the server does on POST), then executeRun with 20 nodes at once.
    docName = runDocName(stack.workspaceId, `bench-${variant}-${round}-${Date.now().toString(36)}`);
    const opened = await openRunDocument({
      syncUrl: stack.syncUrl,
      documentName: docName,
      token: stack.serviceToken,
      coalesceMs: variant === 'coalesced' ? 40 : 0,
    });
    writer =
      variant === 'perToken'
        ? {
            ...opened,
            appendOutput(nodeId, text) {
              if (text.length > 0) appendNodeOutput(opened.doc, nodeId, text, RUNNER_ORIGIN);
            },
          }
        : opened;
    initRunDoc(
      writer.doc,
      {
        runId: docName.split('/').pop() as string,
        workflowId,
        versionId: 'bench',
        requestedBy: 'bench',
        createdAt: Date.now(),
        graph: streamGraph(tokensPerNode),
      },
      RUNNER_ORIGIN,
    );
    await writer.whenAcknowledged();
  }
  const clients: Client[] = [];
  const observers: TokenObserver[] = [];
  try {
    for (let i = 0; i < OBSERVERS; i++) clients.push(await connectClient(stack, docName));
    for (const client of clients) observers.push(new TokenObserver(client, nodeIds));
    const rowsBefore = { ...stack.runLog };
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    writer?.doc.on('update', countWriterUpdate);
    const started = performance.now();
    setup.openGate();
    let finished: Promise<unknown>;
    if (writer) {
      const doc = writer;
      finished = executeRun({
        graph: streamGraph(tokensPerNode),
        inputs: {},
        callModel: setup.callModel,
        writer: doc,
        signal: new AbortController().signal,
        concurrency: STREAM_NODES,
        now: Date.now,
      }).then(async (outcome) => {
        if (outcome.status !== 'succeeded')
          throw new Error(`${variant}: run ${outcome.status} ${outcome.error}`);
        doc.flush();
        await doc.whenAcknowledged();
      });
    } else {
      finished = waitUntil(
        () => readRun((clients[0] as Client).doc)?.meta.status === 'succeeded',
        'the run to succeed',
        120_000,
      );
    }
    await finished;
    await waitUntil(
      () => observers.every((o) => o.tokens >= expected),
      'observers to see every token',
      30_000,
    );
    const streamMs = performance.now() - started;
    await sleep(100); // let the last status updates land in every observer
    loop.disable();
    writer?.doc.off('update', countWriterUpdate);
    for (const o of observers) o.stop();
    const latencies = observers.flatMap((o) => o.latencies);
    const stamps = observers.flatMap((o) => o.stamps);
    const first = Math.min(...stamps);
    const span = Math.max(...stamps) - first || 1;
    const quarters: number[][] = [[], [], [], []];
    stamps.forEach((stamp, i) => {
      quarters[Math.min(3, Math.floor((4 * (stamp - first)) / span))]?.push(latencies[i] as number);
    });
    const mean = (pick: (o: TokenObserver) => number) =>
      observers.reduce((sum, o) => sum + pick(o), 0) / observers.length;
    return {
      variant,
      round,
      tokens: expected,
      latencyMs: distribution(latencies),
      missed: expected * OBSERVERS - latencies.length,
      updatesPerToken: mean((o) => o.updates) / expected,
      bytesPerToken: mean((o) => o.bytes) / expected,
      writerUpdatesPerToken: writer ? writerUpdates / expected : null,
      writerTextUpdatesPerToken: writer ? writerTextUpdates / expected : null,
      p50ByQuarter: quarters.map((q) => distribution(q).p50),
      logRowsPerToken: (stack.runLog.rows - rowsBefore.rows) / expected,
      logCommits: stack.runLog.commits - rowsBefore.commits,
      streamMs,
      eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      samples: Float64Array.from(latencies),
    };
  } finally {
    for (const o of observers) o.stop();
    for (const client of clients) client.destroy();
    await writer?.close();
  }
}

export interface StreamSummary {
  variant: StreamVariant;
  rounds: number;
  latencyMs: Distribution;
  updatesPerToken: number;
  bytesPerToken: number;
  writerUpdatesPerToken: number | null;
  writerTextUpdatesPerToken: number | null;
  logRowsPerToken: number;
  loopDelayMaxMs: number;
}

export function summarizeStreaming(rows: StreamRow[]): StreamSummary[] {
  return (Object.keys(STREAM_VARIANTS) as StreamVariant[]).flatMap((variant) => {
    const mine = rows.filter((r) => r.variant === variant);
    if (mine.length === 0) return [];
    const avg = (pick: (r: StreamRow) => number) => mine.reduce((s, r) => s + pick(r), 0) / mine.length;
    const pooled = mine.flatMap((r) => Array.from(r.samples ?? []));
    return {
      variant,
      rounds: mine.length,
      latencyMs: distribution(pooled),
      updatesPerToken: avg((r) => r.updatesPerToken),
      bytesPerToken: avg((r) => r.bytesPerToken),
      writerUpdatesPerToken:
        mine[0]?.writerUpdatesPerToken === null ? null : avg((r) => r.writerUpdatesPerToken ?? 0),
      writerTextUpdatesPerToken:
        mine[0]?.writerTextUpdatesPerToken === null ? null : avg((r) => r.writerTextUpdatesPerToken ?? 0),
      logRowsPerToken: avg((r) => r.logRowsPerToken),
      loopDelayMaxMs: Math.max(...mine.map((r) => r.eventLoopDelayMs.max)),
    };
  });
}

export function formatStreaming(rows: StreamRow[]): string {
  return formatTable(
    [
      'variant',
      'round',
      'latency p50',
      'p99',
      'max',
      'missed',
      'obs updates/token',
      'B/token',
      'writer tx/token',
      'text tx/token',
      'log rows/token',
      'commits',
      'stream s',
      'p50 by quarter',
      'loop delay p99/max',
    ],
    rows.map((r) => [
      r.variant,
      String(r.round),
      fmt(r.latencyMs.p50),
      fmt(r.latencyMs.p99),
      fmt(r.latencyMs.max, 1),
      String(r.missed),
      fmt(r.updatesPerToken, 3),
      fmt(r.bytesPerToken, 1),
      r.writerUpdatesPerToken === null ? '–' : fmt(r.writerUpdatesPerToken, 3),
      r.writerTextUpdatesPerToken === null ? '–' : fmt(r.writerTextUpdatesPerToken, 3),
      fmt(r.logRowsPerToken, 3),
      String(r.logCommits),
      fmt(r.streamMs / 1000, 2),
      r.p50ByQuarter.map((v) => fmt(v, 0)).join('/'),
      `${fmt(r.eventLoopDelayMs.p99, 1)} / ${fmt(r.eventLoopDelayMs.max, 1)}`,
    ]),
  );
}
