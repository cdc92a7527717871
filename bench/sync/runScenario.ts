import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setNodeField, USER_ORIGIN, workflowMaps } from '@synapse/schema';
import * as Y from 'yjs';
import { type BenchClient, connectClient, destroyClient, sleep, waitUntil } from './connectClient';
import { preloadWorkflow } from './preloadWorkflow';
import type { SideHandle, WriteCounter } from './startSide';

export interface ScenarioOptions {
  docName: string;
  nodeCount: number;
  withPrompts: boolean;
  readers: number;
  warmupEdits: number;
  edits: number;
  paceMs: number;
  /** Runs between phases so that garbage from one phase is not collected inside the next one. */
  collectGarbage(): void;
  /** Called around the measured phase (diagnostics such as a CPU profile). */
  onMeasuredPhase?(phase: 'start' | 'end'): Promise<void> | void;
}

export interface WriteDelta {
  rows: number;
  rowBytes: number;
  writeCalls: number;
  fullWrites: number;
  fullBytes: number;
}

export interface ScenarioResult {
  /** Full state as a client would encode it (Yjs V1), at the end of the measured phase. */
  docBytes: number;
  /** The same state in Yjs V2, the encoding Synapse's compaction snapshots use. */
  docBytesV2: number;
  /** One entry per reader observation of a measured edit, ms. */
  propagation: Float64Array;
  /** Per measured edit: until the slowest reader saw it, ms. */
  fanOut: Float64Array;
  /** Per measured edit: until the writer's unsyncedChanges was back to 0 ("all changes saved"), ms. */
  ack: Float64Array;
  /** Per measured edit: until its own SyncStatus reached the writer (differs once acks overlap), ms. */
  ackPerEdit: Float64Array;
  missedObservations: number;
  /** S: measured edits whose ack reached the writer before the edit's log row was committed. */
  acksBeforeCommit: number | null;
  /** S: edit → its log row committed, ms: what a durable ack can at best be. */
  commitAfterEditMs: Float64Array;
  /** How late timers fired during the measured phase (event-loop blocking), ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Noise during the measured phase: V8 GC pauses, and CPU time the hypervisor took (Linux steal). */
  noise: { gcPauses: number; gcTotalMs: number; gcMaxMs: number; stealMs: number | null; heapUsedMb: number };
  /** Wall time of each log append (S) or store (A) in the window, ms. */
  writeMs: Float64Array;
  /**
   * Longest event-loop stall while the debounced store ran: after the preload (A stores, S compacts a
   * large log) and after the measured edits (A stores). Edits are not being measured then.
   */
  storeStallMs: { preload: number; window: number };
  /** Database writes from the first measured edit until the store debounce after the last had flushed. */
  window: WriteDelta;
  /** Database writes caused by every client leaving afterwards. */
  sessionEnd: WriteDelta;
  timingsMs: { preload: number; connectReaders: number; measured: number; total: number };
}

const LABEL_PREFIX = 'edit ';
const CONNECT_BATCH = 10;

function delta(after: WriteCounter, before: WriteCounter): WriteDelta {
  return {
    rows: after.rows - before.rows,
    rowBytes: after.rowBytes - before.rowBytes,
    writeCalls: after.writeCalls - before.writeCalls,
    fullWrites: after.fullWrites - before.fullWrites,
    fullBytes: after.fullBytes - before.fullBytes,
  };
}

/** Total steal ticks of all CPUs from /proc/stat, or null where there is none. */
function stealTicks(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    return Number(cpu[8] ?? Number.NaN);
  } catch {
    return null;
  }
}

function dataMapOf(doc: Y.Doc, nodeId: string): Y.Map<unknown> {
  const node = workflowMaps(doc).nodes.get(nodeId);
  const data = node instanceof Y.Map ? node.get('data') : undefined;
  if (!(data instanceof Y.Map)) throw new Error(`node ${nodeId} has no data map on this client`);
  return data;
}

/**
 * Waits out the store debounce, then for the writes it started (S: compaction, A: the upsert) to land.
 * Returns the longest event-loop stall meanwhile: what a full-document write costs everyone on the server.
 */
export async function settle(side: SideHandle, lastEditAt: number): Promise<number> {
  if (!side.persists) return 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  await sleep(lastEditAt + side.debounceMs + 500 - performance.now());
  const { counter } = side;
  await waitUntil(
    () => counter.inFlight === 0 && performance.now() - counter.lastWriteAt > 150,
    'database writes to finish',
    30_000,
  );
  loopDelay.disable();
  return loopDelay.max / 1e6;
}

/**
 * One writer and `readers` readers on one document. The writer makes paced edits to one node's label
 * (value `edit <seq>`), each reader timestamps when it sees each sequence number, and the writer's ack
 * time is when its provider's unsyncedChanges returns to 0. All clocks are this process's performance.now().
 */
export async function runScenario(side: SideHandle, options: ScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const totalEdits = options.warmupEdits + options.edits;
  const clients: BenchClient[] = [];
  try {
    const writer = await connectClient(side, options.docName);
    clients.push(writer);

    const preloadStart = performance.now();
    const ids = preloadWorkflow(writer.doc, options.nodeCount, options.withPrompts);
    await waitUntil(() => writer.provider.unsyncedChanges === 0, 'the preload to be acknowledged', 60_000);
    const preloadMs = performance.now() - preloadStart;
    // Let the debounced store of the preload run now (S compacts a large log, A upserts the state), alone.
    const preloadStoreStallMs = await settle(side, performance.now());
    const target = ids[0]!;

    const connectStart = performance.now();
    const readers: BenchClient[] = [];
    for (let i = 0; i < options.readers; i += CONNECT_BATCH) {
      const batch = Math.min(CONNECT_BATCH, options.readers - i);
      const connected = await Promise.all(
        Array.from({ length: batch }, () => connectClient(side, options.docName)),
      );
      readers.push(...connected);
      clients.push(...connected);
    }
    const connectMs = performance.now() - connectStart;

    // seen[r][seq]: when reader r first saw sequence number seq (or a later one, which includes it).
    const sentAt = new Float64Array(totalEdits + 1).fill(Number.NaN);
    // Acks arrive in order (one SyncStatus per update), so each decrement of unsyncedChanges acknowledges
    // the oldest pending edit; "all saved" is when the counter is back to 0, as a save indicator shows it.
    const ackAt = new Float64Array(totalEdits + 1).fill(Number.NaN);
    const allSavedAt = new Float64Array(totalEdits + 1).fill(Number.NaN);
    const seen = readers.map(() => new Float64Array(totalEdits + 1).fill(Number.NaN));
    const lastSeen = readers.map(() => 0);
    readers.forEach((reader, r) => {
      if (workflowMaps(reader.doc).nodes.size !== options.nodeCount)
        throw new Error(`reader ${r} synced ${workflowMaps(reader.doc).nodes.size} nodes`);
      const data = dataMapOf(reader.doc, target);
      const times = seen[r]!;
      data.observe(() => {
        const now = performance.now();
        const label = data.get('label');
        if (typeof label !== 'string' || !label.startsWith(LABEL_PREFIX)) return;
        const seq = Number(label.slice(LABEL_PREFIX.length));
        for (let s = lastSeen[r]! + 1; s <= seq && s <= totalEdits; s++) times[s] = now;
        if (seq > lastSeen[r]!) lastSeen[r] = seq;
      });
    });

    const unacked: number[] = [];
    let unsaved: number[] = [];
    let previousCount = writer.provider.unsyncedChanges;
    writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      const now = performance.now();
      for (let i = number; i < previousCount; i++) {
        const seq = unacked.shift();
        if (seq !== undefined) ackAt[seq] = now;
      }
      previousCount = number;
      if (number !== 0) return;
      for (const seq of unsaved) allSavedAt[seq] = now;
      unsaved = [];
    });

    async function edit(from: number, to: number): Promise<number> {
      const phaseStart = performance.now();
      for (let seq = from; seq <= to; seq++) {
        await sleep(phaseStart + (seq - from) * options.paceMs - performance.now());
        unacked.push(seq);
        unsaved.push(seq);
        sentAt[seq] = performance.now();
        setNodeField(writer.doc, target, 'label', `${LABEL_PREFIX}${seq}`, USER_ORIGIN);
      }
      const lastSent = sentAt[to]!;
      await waitUntil(
        () => lastSeen.every((s) => s >= to) && writer.provider.unsyncedChanges === 0,
        `edit ${to} to reach every reader and be acknowledged`,
        30_000,
      );
      return lastSent;
    }

    // Warm-up: JIT, socket buffers, and the debounced store of the preload (S compacts it here).
    const warmupEnd = await edit(1, options.warmupEdits);
    await settle(side, warmupEnd);
    options.collectGarbage();
    // A full collection leaves concurrent sweeping behind; on a heap with 51 large documents it slows the
    // first few dozen edits after it, so let it finish first.
    await sleep(1000);

    await options.onMeasuredPhase?.('start');
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const gc = { gcPauses: 0, gcTotalMs: 0, gcMaxMs: 0 };
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        gc.gcPauses += 1;
        gc.gcTotalMs += entry.duration;
        gc.gcMaxMs = Math.max(gc.gcMaxMs, entry.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const stealBefore = stealTicks();
    const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
    const before = { ...side.counter };
    const writesBefore = side.counter.writeMs.length;
    const rowsBefore = side.counter.rowCommittedAt.length;
    const measuredStart = performance.now();
    const lastEditAt = await edit(options.warmupEdits + 1, totalEdits);
    const measuredMs = performance.now() - measuredStart;
    loopDelay.disable();
    gcObserver.disconnect();
    const stealAfter = stealTicks();
    await options.onMeasuredPhase?.('end');
    const docBytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
    const docBytesV2 = Y.encodeStateAsUpdateV2(writer.doc).byteLength;
    const windowStoreStallMs = await settle(side, lastEditAt);
    const afterWindow = { ...side.counter };
    const writeMs = Float64Array.from(side.counter.writeMs.slice(writesBefore));
    // S only: the window's log rows are the measured edits, in order (nothing else writes meanwhile), so
    // row j is edit first + j. An ack that reached the writer before that row committed was not durable.
    const committedAt = side.counter.rowCommittedAt.slice(rowsBefore);

    for (const client of clients.splice(0)) destroyClient(client);
    await sleep(500);
    await waitUntil(() => side.counter.inFlight === 0, 'writes after the last client left', 30_000);
    const sessionEnd = delta(side.counter, afterWindow);

    const first = options.warmupEdits + 1;
    const propagation: number[] = [];
    const fanOut: number[] = [];
    const ack: number[] = [];
    const ackPerEdit: number[] = [];
    let missed = 0;
    let acksBeforeCommit = 0;
    committedAt.forEach((at, j) => {
      if (ackAt[first + j]! < at) acksBeforeCommit += 1;
    });
    for (let seq = first; seq <= totalEdits; seq++) {
      let slowest = 0;
      for (const times of seen) {
        const latency = times[seq]! - sentAt[seq]!;
        if (Number.isNaN(latency)) {
          missed += 1;
          continue;
        }
        propagation.push(latency);
        slowest = Math.max(slowest, latency);
      }
      fanOut.push(slowest);
      if (!Number.isNaN(allSavedAt[seq]!)) ack.push(allSavedAt[seq]! - sentAt[seq]!);
      if (!Number.isNaN(ackAt[seq]!)) ackPerEdit.push(ackAt[seq]! - sentAt[seq]!);
    }
    return {
      docBytes,
      docBytesV2,
      propagation: Float64Array.from(propagation),
      fanOut: Float64Array.from(fanOut),
      ack: Float64Array.from(ack),
      ackPerEdit: Float64Array.from(ackPerEdit),
      missedObservations: missed,
      acksBeforeCommit: side.key === 'S' && committedAt.length === options.edits ? acksBeforeCommit : null,
      commitAfterEditMs: Float64Array.from(committedAt, (at, j) => at - sentAt[first + j]!),
      eventLoopDelayMs: {
        p50: loopDelay.percentile(50) / 1e6,
        p99: loopDelay.percentile(99) / 1e6,
        max: loopDelay.max / 1e6,
      },
      noise: {
        ...gc,
        heapUsedMb,
        // USER_HZ is 100 on Linux: one tick is 10 ms.
        stealMs: stealBefore === null || stealAfter === null ? null : (stealAfter - stealBefore) * 10,
      },
      writeMs,
      storeStallMs: { preload: preloadStoreStallMs, window: windowStoreStallMs },
      window: delta(afterWindow, before),
      sessionEnd,
      timingsMs: {
        preload: preloadMs,
        connectReaders: connectMs,
        measured: measuredMs,
        total: performance.now() - started,
      },
    };
  } finally {
    for (const client of clients) destroyClient(client);
  }
}
