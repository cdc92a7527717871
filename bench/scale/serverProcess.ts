// One server under test in its own process, so its RSS is its own (the bench's clients live elsewhere).
// Started by spawnServer.ts: `node --expose-gc --import tsx serverProcess.ts <kind>`; it sends
// { ready, syncUrl, token } over IPC, answers { memory } with its RSS after a full GC, stops on { stop }.
// It also answers { cpu } with its own CPU time so far (bench/sync's CPU column: server CPU only).
//   kind: synapse (BENCH_DATABASE_URL = a fresh database to create, or BENCH_SHARED_DATABASE_URL = one to
//         use as is; BENCH_REDIS_URL optional; PGlite when neither is set) | hocuspocus (plain, in memory)
//         | hocuspocus-db (+ extension-database on BENCH_DATABASE_URL, else PGlite) | ywebsocket (plain)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { startSide } from '../sync/startSide';

export type ServerKind = 'synapse' | 'hocuspocus' | 'hocuspocus-db' | 'ywebsocket';

export type ParentMessage = { type: 'memory' } | { type: 'cpu' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; syncUrl: string; token: string }
  | { type: 'memory'; rss: number; heapUsed: number }
  | { type: 'cpu'; user: number; system: number }
  | { type: 'stopped' };

interface Running {
  syncUrl: string;
  token: string;
  stop(): Promise<void>;
}

async function startYWebsocket(): Promise<Running> {
  // y-websocket's own server (bin/server of @y/websocket-server): setupWSConnection on a `ws` server.
  const http = createServer((_request, response) => response.end('okay'));
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', setupWSConnection);
  http.on('upgrade', (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    syncUrl: `ws://127.0.0.1:${port}`,
    token: '',
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

async function start(kind: ServerKind): Promise<Running> {
  if (kind === 'ywebsocket') return startYWebsocket();
  if (kind === 'hocuspocus') return startSide('B', 'pglite');
  const url = process.env.BENCH_DATABASE_URL || undefined;
  const shared = process.env.BENCH_SHARED_DATABASE_URL;
  if (kind === 'hocuspocus-db') return startSide('A', url ? 'postgres' : 'pglite', url);
  return startSide('S', url || shared ? 'postgres' : 'pglite', url, {
    redisUrl: process.env.BENCH_REDIS_URL || undefined,
    sharedDatabaseUrl: shared || undefined,
  });
}

const send = (message: ChildMessage) => process.send?.(message);
const kind = process.argv[2] as ServerKind;
const running = await start(kind);
process.on('message', async (message: ParentMessage) => {
  if (message.type === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed });
  } else if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', user, system });
  } else if (message.type === 'stop') {
    await running.stop();
    send({ type: 'stopped' });
    process.exit(0);
  }
});
send({ type: 'ready', syncUrl: running.syncUrl, token: running.token });
