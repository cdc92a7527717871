import { workflowDocName } from '@synapse/schema';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectClient, destroyClient } from '../sync/connectClient';
import { type Distribution, distribution } from '../sync/summarize';
import type { ServerChild } from './spawnServer';

export interface IdleStep {
  kind: ServerChild['kind'];
  connections: number;
  /** Each connection of this step: open → first sync complete (authenticated for Synapse), ms. */
  connectMs: Distribution;
  /** Wall time to open this step's new connections, `concurrency` at a time, and the rate. */
  stepWallMs: number;
  connectsPerSecond: number;
  /** Server RSS (after a full GC in the server) minus its RSS with no connection, bytes. */
  rssDelta: number;
  bytesPerConnection: number;
  heapBytesPerConnection: number;
}

type Closer = () => void;

async function connectYWebsocket(syncUrl: string, docName: string, timeoutMs = 60_000): Promise<Closer> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const close = () => {
    provider.destroy();
    doc.destroy();
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`y-websocket client did not sync in ${timeoutMs} ms`)),
        timeoutMs,
      );
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
  } catch (error) {
    close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return close;
}

async function connectOne(server: ServerChild, docName: string): Promise<Closer> {
  if (server.kind === 'ywebsocket') return connectYWebsocket(server.syncUrl, docName);
  const client = await connectClient(server, docName);
  return () => destroyClient(client);
}

/** Runs `task(i)` for i in [from, to), at most `concurrency` at once. */
export async function pooled(
  from: number,
  to: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
) {
  let next = from;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, to - from) }, async () => {
      while (next < to) await task(next++);
    }),
  );
}

/**
 * Idle connections on one server, grown step by step (e.g. 1k → 5k → 10k) over `docs` documents; after
 * each step the server's RSS is read and compared with its RSS before the first connection.
 */
export async function idleConnections(
  server: ServerChild,
  steps: number[],
  docs: number,
  concurrency: number,
): Promise<IdleStep[]> {
  const closers: Closer[] = [];
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  await settle();
  const base = await server.memory();
  const results: IdleStep[] = [];
  try {
    for (const target of steps) {
      const from = closers.length;
      const times = new Float64Array(target - from);
      const started = performance.now();
      await pooled(from, target, concurrency, async (i) => {
        const t0 = performance.now();
        closers[i] = await connectOne(server, workflowDocName('default', `idle-${i % docs}`));
        times[i - from] = performance.now() - t0;
      });
      const stepWallMs = performance.now() - started;
      await settle();
      const memory = await server.memory();
      const rssDelta = memory.rss - base.rss;
      results.push({
        kind: server.kind,
        connections: target,
        connectMs: distribution(times),
        stepWallMs,
        connectsPerSecond: ((target - from) / stepWallMs) * 1000,
        rssDelta,
        bytesPerConnection: rssDelta / target,
        heapBytesPerConnection: (memory.heapUsed - base.heapUsed) / target,
      });
    }
  } finally {
    for (const close of closers) close?.();
  }
  return results;
}
