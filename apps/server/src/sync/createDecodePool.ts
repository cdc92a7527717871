import { Worker } from 'node:worker_threads';
import type { DecodeResult } from './updateSummary';

export interface DecodePoolOptions {
  /** Worker threads; a hung decode blocks only its own worker. Default 2. */
  size?: number;
  /** A decode still running after this is killed with its worker. Default 2000 ms. */
  timeoutMs?: number;
  /** Heap cap per worker, so an allocation bomb kills a worker rather than the server. Default 256 MB. */
  maxHeapMb?: number;
  /** The worker script (tests substitute a misbehaving one). */
  workerUrl?: URL;
}

export interface DecodePool {
  decode(update: Uint8Array): Promise<DecodeResult>;
  /** Starts the workers if they are not yet, and resolves once every one has booted. */
  whenReady(): Promise<void>;
  /** Whether any worker has been started (they start on the first decode). */
  readonly started: boolean;
  /** Decodes that were killed at the deadline or crashed their worker, since start. */
  readonly stats: { timeouts: number; crashes: number };
  close(): Promise<void>;
}

interface Job {
  id: number;
  update: Uint8Array;
  resolve(result: DecodeResult): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded and said so: deadlines start only then, not while it boots. */
  ready: boolean;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const DEFAULT_WORKER = new URL('./decodeUpdateWorker.ts', import.meta.url);

/**
 * Decodes untrusted Yjs updates in worker threads under a deadline. The workers start on the first
 * decode, not with the server: ordinary edits are decoded inline (createUpdateGuard), so an idle or
 * lightly used server never pays their memory (≈ 10–20 MB each). A decode that does not finish in time
 * (an infinite loop in the decoder) or that crashes its worker (memory) is answered with a failure and
 * its worker replaced; other documents' updates keep being decoded by the other workers meanwhile.
 */
export function createDecodePool(options: DecodePoolOptions = {}): DecodePool {
  const size = options.size ?? 2;
  const timeoutMs = options.timeoutMs ?? 2000;
  const workerUrl = options.workerUrl ?? DEFAULT_WORKER;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  const stats = { timeouts: 0, crashes: 0 };
  const readyWaiters: (() => void)[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(slot?: Slot): Slot {
    const worker = new Worker(workerUrl, {
      workerData: { role: 'synapse-decode-update' },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 256, maxYoungGenerationSizeMb: 32 },
    });
    worker.unref();
    const target = slot ?? { worker, ready: false, job: null, timer: null };
    target.worker = worker;
    target.ready = false;
    worker.on('message', (message: { id?: number; ready?: boolean; result?: DecodeResult }) => {
      if (target.worker !== worker) return;
      if (message.ready) {
        target.ready = true;
        if (slots.every((s) => s.ready)) for (const waiter of readyWaiters.splice(0)) waiter();
        pump();
        return;
      }
      if (target.job?.id !== message.id || !message.result) return;
      finish(target, message.result);
    });
    worker.on('error', () => {
      if (target.worker !== worker) return;
      stats.crashes += 1;
      replace(target, { ok: false, reason: 'the decoder crashed (likely out of memory)' });
    });
    worker.on('exit', () => {
      if (target.worker !== worker || closed) return;
      replace(target, { ok: false, reason: 'the decoder exited' });
    });
    return target;
  }

  function finish(slot: Slot, result: DecodeResult): void {
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    slot.timer = null;
    job?.resolve(result);
    pump();
  }

  function replace(slot: Slot, result: DecodeResult): void {
    const old = slot.worker;
    spawn(slot);
    void old.terminate();
    finish(slot, result);
  }

  function pump(): void {
    if (closed) return;
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      slot.timer = setTimeout(() => {
        stats.timeouts += 1;
        replace(slot, { ok: false, reason: `decoding took longer than ${timeoutMs} ms` });
      }, timeoutMs);
      slot.worker.postMessage({ id: job.id, update: job.update });
    }
  }

  function start(): void {
    if (slots.length > 0 || closed) return;
    for (let i = 0; i < size; i++) slots.push(spawn());
  }

  return {
    stats,
    get started() {
      return slots.length > 0;
    },
    decode(update) {
      if (closed) return Promise.resolve({ ok: false, reason: 'the server is shutting down' });
      start();
      return new Promise<DecodeResult>((resolve) => {
        queue.push({ id: nextId++, update, resolve });
        pump();
      });
    },
    whenReady() {
      start();
      if (slots.every((s) => s.ready)) return Promise.resolve();
      return new Promise<void>((resolve) => readyWaiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ ok: false, reason: 'the server is shutting down' });
      await Promise.all(
        slots.map(async (slot) => {
          if (slot.timer) clearTimeout(slot.timer);
          slot.job?.resolve({ ok: false, reason: 'the server is shutting down' });
          slot.job = null;
          await slot.worker.terminate();
        }),
      );
    },
  };
}
