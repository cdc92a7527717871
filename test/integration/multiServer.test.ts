import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { openPostgres, type Sql } from '@synapse/db';
import {
  addNode,
  connect,
  initWorkflowDoc,
  readRun,
  readWorkflow,
  runDocName,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ChildRunner, startChildRunner } from './support/childRunner';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, type TestClient, waitUntil } from './support/connectClient';
import { connectReconnecting } from './support/reconnectingClient';

const SECRET = 'multi-server-secret-0123456789abcdefgh';
const postgresUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const KILL_CYCLES = 20;
// Each cycle restarts the killed server (a few seconds of CPU each); on a shared, loaded machine the cycles
// took 230 s, hence the generous timeout for that test.

const labels = (doc: Y.Doc) => new Set(readWorkflow(doc).nodes.map((n) => n.data.label));
const same = (a: Y.Doc, b: Y.Doc) => JSON.stringify(readWorkflow(a)) === JSON.stringify(readWorkflow(b));
/** Ids unique to this run: other test runs may share the Redis server. */
const uniqueId = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;

// The production shape (ADR 0015): two servers on one Postgres share every document through Redis, two
// runners take runs from the queue and write them through different servers.
describe.runIf(postgresUrl && redisUrl)(
  'two servers and two runners over Redis (needs TEST_DATABASE_URL and TEST_REDIS_URL)',
  () => {
    let db: TestDatabase;
    let sql: Sql;
    let dir: string;
    let fake: FakeLlm;
    let env: Record<string, string>;
    const servers: ChildServer[] = [];
    const runners: ChildRunner[] = [];
    const clients: TestClient[] = [];
    const client = async (server: ChildServer, name: string, reconnecting = false) => {
      const c = await (reconnecting ? connectReconnecting : connectClient)(server.url, server.syncUrl, name);
      clients.push(c);
      return c;
    };

    beforeAll(async () => {
      db = await createTestDatabase(postgresUrl as string);
      dir = await mkdtemp(join(tmpdir(), 'synapse-multi-'));
      fake = await startFakeOpenAI({ tokenDelayMs: 40 });
      env = {
        DATABASE_URL: db.url,
        DATA_DIR: dir,
        REDIS_URL: redisUrl as string,
        SYNAPSE_SECRET: SECRET,
        SYNAPSE_MASTER_KEY: `k1:${randomBytes(32).toString('base64')}`,
      };
      servers.push(...(await Promise.all([startChildServer(env), startChildServer(env)])));
      const runnerEnv = (server: ChildServer) => ({
        ...env,
        SYNAPSE_SYNC_URL: server.syncUrl,
        FAKE_OPENAI_URL: fake.baseURL,
        SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
      });
      runners.push(
        ...(await Promise.all([
          startChildRunner('runner-a', runnerEnv(servers[0] as ChildServer)),
          startChildRunner('runner-b', runnerEnv(servers[1] as ChildServer)),
        ])),
      );
      sql = (await openPostgres({ url: db.url })).sql;
    }, 60_000);

    afterAll(async () => {
      for (const c of clients) c.destroy();
      for (const r of runners) await r.kill('SIGKILL');
      for (const s of servers) await s.kill('SIGKILL');
      await sql?.close();
      await fake?.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('clients on different servers co-edit one workflow and converge, and see each other’s presence', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const name = workflowDocName('default', uniqueId('coedit'));
      const onA = await client(a, name);
      const onB = await client(b, name);
      initWorkflowDoc(onA.doc, { name: 'Co-edited' }, USER_ORIGIN);
      const ids = Array.from({ length: 10 }, (_, i) =>
        addNode(onA.doc, { type: 'agent', position: { x: i, y: 0 }, data: { label: `A${i}` } }, USER_ORIGIN),
      );
      await waitUntil(() => onB.doc.getMap('nodes').size === 10, 'B to see A’s nodes');
      for (let i = 0; i < 9; i++) {
        connect(onB.doc, { source: ids[i] as string, target: ids[i + 1] as string }, USER_ORIGIN);
        setNodeField(onB.doc, ids[i] as string, 'label', `B${i}`, USER_ORIGIN);
        addNode(
          onA.doc,
          { type: 'agent', position: { x: i, y: 100 }, data: { label: `A2-${i}` } },
          USER_ORIGIN,
        );
      }
      await Promise.all([onA.acknowledged(), onB.acknowledged()]);
      await waitUntil(() => same(onA.doc, onB.doc), 'A and B to converge');
      expect(readWorkflow(onA.doc).edges).toHaveLength(9);
      expect(readWorkflow(onA.doc).nodes).toHaveLength(19);

      // A client joining on B now gets the same document.
      const late = await client(b, name);
      expect(readWorkflow(late.doc)).toEqual(readWorkflow(onA.doc));

      // Presence crosses servers both ways.
      onA.provider.setAwarenessField('cursor', { x: 11, y: 22 });
      onB.provider.setAwarenessField('cursor', { x: 33, y: 44 });
      const cursorOf = (seen: TestClient, of: TestClient) =>
        (seen.provider.awareness?.getStates().get(of.doc.clientID) as { cursor?: { x: number } } | undefined)
          ?.cursor;
      await waitUntil(() => cursorOf(onB, onA)?.x === 11, 'B to see A’s cursor');
      await waitUntil(() => cursorOf(onA, onB)?.x === 33, 'A to see B’s cursor');
      await waitUntil(() => cursorOf(late, onA)?.x === 11, 'a late joiner on B to see A’s cursor');
    });

    it('an API token revoked through server A closes its script’s sync connection on server B', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const created = await fetch(`${a.url}/api/workspaces/default/api-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'script', scope: 'run' }),
      });
      expect(created.status).toBe(201);
      const { token, info } = (await created.json()) as { token: string; info: { id: string } };
      const issued = await fetch(`${b.url}/api/v1/sync-token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(issued.status).toBe(200);
      const syncToken = ((await issued.json()) as { token: string }).token;
      const doc = new Y.Doc();
      let closed = false;
      const script = new HocuspocusProvider({
        url: b.syncUrl,
        name: workflowDocName('default', uniqueId('script')),
        document: doc,
        token: syncToken,
        onClose: () => {
          closed = true;
        },
      });
      try {
        await waitUntil(() => script.isSynced, 'the script to sync on B');
        const revoked = await fetch(`${a.url}/api/workspaces/default/api-tokens/${info.id}`, {
          method: 'DELETE',
        });
        expect(revoked.status).toBe(204);
        await waitUntil(() => closed, 'B to close the revoked token’s connection');
      } finally {
        script.destroy();
      }
    });

    /** A three-step chain; returns its workflow id and step ids once the server acknowledged it. */
    async function chainWorkflow(
      server: ChildServer,
    ): Promise<{ id: string; steps: [string, string, string] }> {
      const id = uniqueId('run');
      const editor = await client(server, workflowDocName('default', id));
      initWorkflowDoc(editor.doc, { name: 'Chain' }, USER_ORIGIN);
      const steps = [1, 2, 3].map((n) =>
        addNode(
          editor.doc,
          {
            type: 'agent',
            position: { x: n * 200, y: 0 },
            data: {
              label: `Step ${n}`,
              provider: 'openai',
              model: 'gpt-4o-mini',
              userPrompt: `${id}-step${n} {{input}}`,
            },
          },
          USER_ORIGIN,
        ),
      ) as [string, string, string];
      connect(editor.doc, { source: steps[0], target: steps[1] }, USER_ORIGIN);
      connect(editor.doc, { source: steps[1], target: steps[2] }, USER_ORIGIN);
      await editor.acknowledged();
      return { id, steps };
    }

    async function startRun(server: ChildServer, workflowId: string): Promise<string> {
      const response = await fetch(`${server.url}/api/workspaces/default/workflows/${workflowId}/runs`, {
        method: 'POST',
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { run: { id: string } }).run.id;
    }

    it('a run started through server A is watched live from server B and by a late joiner', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const { id, steps } = await chainWorkflow(a);
      const runId = await startRun(a, id);
      const watcherB = await client(b, runDocName('default', runId));
      const watcherA = await client(a, runDocName('default', runId));
      // Live: B sees a step streaming before the run has finished.
      await waitUntil(
        () => {
          const run = readRun(watcherB.doc);
          return (run?.nodes[steps[1]]?.output.length ?? 0) > 0 && run?.meta.status === 'running';
        },
        'B to see step 2 streaming',
        30_000,
      );
      await waitUntil(
        () => readRun(watcherB.doc)?.meta.status === 'succeeded',
        'B to see the run finish',
        30_000,
      );
      await waitUntil(
        () => JSON.stringify(readRun(watcherA.doc)) === JSON.stringify(readRun(watcherB.doc)),
        'both servers to show the same run',
      );
      const late = await client(b, runDocName('default', runId));
      expect(readRun(late.doc)).toEqual(readRun(watcherA.doc));
      for (const step of steps) expect(readRun(late.doc)?.nodes[step]?.status).toBe('succeeded');
    });

    it('a runner killed mid-run: the run completes on the other runner without calling a finished node again', async () => {
      const [a, b] = servers as [ChildServer, ChildServer];
      const { id, steps } = await chainWorkflow(b);
      const runId = await startRun(b, id);
      const watcher = await client(a, runDocName('default', runId));
      await waitUntil(
        () => (readRun(watcher.doc)?.nodes[steps[1]]?.output.length ?? 0) > 0,
        'step 2 streaming',
        30_000,
      );
      const [{ owner }] = (await sql.query<{ owner: string }>(
        'select lease_owner as owner from runs where id = $1',
        [runId],
      )) as [{ owner: string }];
      const victim = runners.find((r) => r.id === owner);
      expect(victim).toBeDefined();
      await victim?.kill('SIGKILL');

      await waitUntil(
        () => readRun(watcher.doc)?.meta.status === 'succeeded',
        'the run to finish elsewhere',
        60_000,
      );
      const run = readRun(watcher.doc);
      for (const step of steps) expect(run?.nodes[step]?.status).toBe('succeeded');
      expect(run?.nodes[steps[0]]?.restarted).toBeUndefined();
      const callsFor = (n: number) =>
        fake.requests.filter((r) => r.prompt?.startsWith(`${id}-step${n} `)).length;
      // Step 1 ran once (its checkpoint was reused), step 2 was interrupted and ran again, step 3 once.
      expect([callsFor(1), callsFor(2), callsFor(3)]).toEqual([1, 2, 1]);
      // The run's view is the same through the other server (it gets each update after its commit, a
      // moment after the watcher's server applied it).
      const onB = await client(b, runDocName('default', runId));
      await waitUntil(
        () => JSON.stringify(readRun(onB.doc)) === JSON.stringify(run),
        'the other server to show the same finished run',
      );
    }, 90_000);

    it(`kill -9 of a server right after its acks, ${KILL_CYCLES} times: the surviving server already has every acknowledged edit`, async () => {
      const name = workflowDocName('default', uniqueId('kill'));
      const onServer = [
        await client(servers[0] as ChildServer, name, true),
        await client(servers[1] as ChildServer, name, true),
      ] as [TestClient, TestClient];
      initWorkflowDoc(onServer[0].doc, { name: 'Killed' }, USER_ORIGIN);
      const target = addNode(
        onServer[0].doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'x' } },
        USER_ORIGIN,
      );
      await onServer[0].acknowledged();
      await waitUntil(() => same(onServer[0].doc, onServer[1].doc), 'the clients to converge');
      const written = new Set<string>();

      for (let cycle = 0; cycle < KILL_CYCLES; cycle++) {
        const v = cycle % 2;
        const s = 1 - v;
        const victim = servers[v] as ChildServer;
        const survivor = servers[s] as ChildServer;
        const writer = onServer[v];
        const other = onServer[s];
        // Edits on both sides; the victim's client writes several in a burst, as typing does.
        for (let k = 0; k < 3; k++) {
          const label = `v${cycle}-${k}`;
          addNode(writer.doc, { type: 'agent', position: { x: cycle, y: k }, data: { label } }, USER_ORIGIN);
          written.add(label);
        }
        setNodeField(writer.doc, target, 'label', `target-${cycle}`, USER_ORIGIN);
        addNode(
          other.doc,
          { type: 'agent', position: { x: cycle, y: 9 }, data: { label: `s${cycle}` } },
          USER_ORIGIN,
        );
        written.add(`s${cycle}`);
        await Promise.all([writer.acknowledged(), other.acknowledged()]);

        // Everything is acknowledged: kill the writer's server with no chance to flush or publish more.
        const port = new URL(victim.url).port;
        await victim.kill('SIGKILL');
        // The victim's clients cannot reconnect (nothing listens on its port), so what a fresh client on the
        // survivor sees comes from the survivor alone, not from a resend.
        const fresh = await connectClient(survivor.url, survivor.syncUrl, name);
        try {
          await waitUntil(
            () =>
              [...written].every((l) => labels(fresh.doc).has(l)) && labels(fresh.doc).has(`target-${cycle}`),
            `cycle ${cycle}: a fresh client on the survivor to see every acknowledged edit`,
          );
          await waitUntil(
            () => [...written].every((l) => labels(other.doc).has(l)),
            `cycle ${cycle}: the survivor's live client to see every acknowledged edit`,
          );
        } finally {
          fresh.destroy();
        }

        servers[v] = await startChildServer({ ...env, PORT: port });
        await waitUntil(
          () => writer.provider.isSynced && same(writer.doc, other.doc),
          `cycle ${cycle}: the killed server's client to reconnect and converge`,
          20_000,
        );
      }
      expect(readWorkflow(onServer[0].doc).nodes).toHaveLength(1 + KILL_CYCLES * 4);
      const restored = await connectClient(
        (servers[0] as ChildServer).url,
        (servers[0] as ChildServer).syncUrl,
        name,
      );
      expect(readWorkflow(restored.doc)).toEqual(readWorkflow(onServer[1].doc));
      restored.destroy();
    }, 600_000);
  },
);
