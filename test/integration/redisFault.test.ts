import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNode, initWorkflowDoc, readWorkflow, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';

const SECRET = 'redis-fault-secret-0123456789abcdefghij';
const postgresUrl = process.env.TEST_DATABASE_URL;
// This file starts its own redis-server (to stop it); TEST_REDIS_URL says Redis is part of this CI run.
const redisAvailable = Boolean(process.env.TEST_REDIS_URL);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
  });
}

/** A redis-server of this test's own on `port`, stopped by its PID. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

interface Health {
  status: string;
  redis?: { status: string; downSince: number | null; faults: number };
}
const health = async (server: ChildServer) =>
  (await (await fetch(`${server.url}/api/health`)).json()) as Health;
const metrics = async (server: ChildServer) => (await fetch(`${server.url}/metrics`)).text();
async function untilRedis(server: ChildServer, status: 'ok' | 'error'): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await health(server)).redis?.status !== status) {
    if (Date.now() > deadline) throw new Error(`health never reported Redis ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const labels = (doc: Y.Doc) => new Set(readWorkflow(doc).nodes.map((n) => n.data.label));

describe.runIf(postgresUrl && redisAvailable)(
  'Redis stopped and restarted mid-session (needs TEST_DATABASE_URL and TEST_REDIS_URL)',
  () => {
    let db: TestDatabase;
    let dir: string;
    let redisPort: number;
    let redis: ChildProcess;
    const servers: ChildServer[] = [];
    const clients: TestClient[] = [];
    const client = async (server: ChildServer, name: string) => {
      const c = await connectClient(server.url, server.syncUrl, name);
      clients.push(c);
      return c;
    };

    beforeAll(async () => {
      db = await createTestDatabase(postgresUrl as string);
      dir = await mkdtemp(join(tmpdir(), 'synapse-redis-fault-'));
      redisPort = await freePort();
      redis = await startRedis(redisPort);
      const env = {
        DATABASE_URL: db.url,
        DATA_DIR: dir,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        SYNAPSE_SECRET: SECRET,
        SYNAPSE_MASTER_KEY: `k1:${randomBytes(32).toString('base64')}`,
      };
      servers.push(...(await Promise.all([startChildServer(env), startChildServer(env)])));
    }, 60_000);

    afterAll(async () => {
      for (const c of clients) c.destroy();
      for (const s of servers) await s.kill('SIGKILL');
      if (redis) await stopRedis(redis);
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('servers keep serving their own clients, report the fault, and converge with nothing lost once Redis returns', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      for (const s of servers) await untilRedis(s, 'ok');
      for (const s of servers) expect((await health(s)).redis).toMatchObject({ status: 'ok', faults: 0 });
      const name = workflowDocName('default', `fault-${randomBytes(4).toString('hex')}`);
      const onA = await client(a, name);
      const onB = await client(b, name);
      initWorkflowDoc(onA.doc, { name: 'Fault' }, USER_ORIGIN);
      addNode(onA.doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'before' } }, USER_ORIGIN);
      await onA.acknowledged();
      await waitUntil(() => labels(onB.doc).has('before'), 'B to see the first edit');

      await stopRedis(redis);
      for (const s of servers) {
        let seen: Health | null = null;
        const deadline = Date.now() + 10_000;
        while (seen?.redis?.status !== 'error') {
          if (Date.now() > deadline)
            throw new Error(`health never reported the fault: ${JSON.stringify(seen)}`);
          if (seen) await new Promise((r) => setTimeout(r, 50));
          seen = await health(s);
        }
        expect(seen).toMatchObject({ status: 'degraded', redis: { status: 'error', faults: 1 } });
        expect(seen.redis?.downSince).toEqual(expect.any(Number));
        expect(await metrics(s)).toMatch(/^synapse_redis_up 0$/m);
      }

      // Cut off from each other, each server still acknowledges and fans out to its own clients.
      const secondOnA = await client(a, name);
      const written = ['before'];
      for (let i = 0; i < 5; i++) {
        addNode(onA.doc, { type: 'agent', position: { x: i, y: 1 }, data: { label: `a${i}` } }, USER_ORIGIN);
        addNode(onB.doc, { type: 'agent', position: { x: i, y: 2 }, data: { label: `b${i}` } }, USER_ORIGIN);
        written.push(`a${i}`, `b${i}`);
      }
      await Promise.all([onA.acknowledged(), onB.acknowledged()]);
      await waitUntil(() => labels(secondOnA.doc).has('a4'), 'a second client on A to see A’s edits');
      // Opening another document does not hang on the missing Redis.
      const other = await client(b, workflowDocName('default', `other-${randomBytes(4).toString('hex')}`));
      expect(other.provider.isSynced).toBe(true);

      redis = await startRedis(redisPort);
      for (const s of servers) await untilRedis(s, 'ok');
      const converged = () => written.every((l) => labels(onA.doc).has(l) && labels(onB.doc).has(l));
      await waitUntil(converged, 'the clients of both servers to converge after Redis returned', 15_000);
      expect(readWorkflow(onA.doc)).toEqual(readWorkflow(onB.doc));
      // And both servers serve everything to new clients; live edits cross again.
      for (const s of servers) {
        const fresh = await client(s, name);
        expect([...written].every((l) => labels(fresh.doc).has(l))).toBe(true);
      }
      addNode(onB.doc, { type: 'agent', position: { x: 9, y: 9 }, data: { label: 'after' } }, USER_ORIGIN);
      await onB.acknowledged();
      await waitUntil(() => labels(onA.doc).has('after'), 'A to see an edit made on B after Redis returned');
      expect(await metrics(a)).toMatch(/^synapse_redis_faults_total 1$/m);
      expect(await metrics(a)).toMatch(/^synapse_redis_up 1$/m);
    });
  },
);
