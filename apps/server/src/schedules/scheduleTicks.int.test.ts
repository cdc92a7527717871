// Schedules on pg-boss's real scheduler, two servers on one database: each has its own pg-boss instance
// (cron pass, send-it forwarder, tick worker) and its own services. pg-boss's TestClock, shared by both,
// moves their timers and the database's `job_now()` a minute at a time, so every tick is a real cron
// occurrence without waiting for one. After each minute the test polls until pg-boss and the firings are
// quiet, then counts: exactly one firing (and one run) per tick, overlap `skip` holds, a paused schedule
// fires nothing, and a server that restarts keeps the schedule going. PGlite always; Postgres too when
// TEST_DATABASE_URL is set.
import { type Database, migrate, openJobQueue, openPostgres } from '@synapse/db';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { type PgBoss, TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  TEST_APP_TIMEOUT_MS,
  type TestApp,
  type TestClient,
} from '../http/test/createTestApp';
import { openTestDatabase } from '../http/test/openTestDatabase';
import { seedPublishedWorkflow } from '../http/test/seedPublishedWorkflow';
import { createPgBossTicks, SCHEDULE_QUEUE, workScheduleTicks } from './createPgBossTicks';

const MINUTE = 60_000;
const WF = 'ticking';
const BASE = `/api/workspaces/default/workflows/${WF}/schedules`;

interface Backend {
  name: string;
  /** A database for one server (each call: its own connections to the same data). */
  open(): Promise<Database>;
  url?: string;
  cleanup(): Promise<void>;
}

async function pgliteBackend(): Promise<Backend> {
  // PGlite is one in-process database: both servers share the instance, as server and runner do embedded.
  const database = await openTestDatabase();
  return { name: 'PGlite', open: async () => database, cleanup: () => database.close() };
}

async function postgresBackend(serverUrl: string): Promise<Backend> {
  const db: TestDatabase = await createTestDatabase(serverUrl);
  const opened: Database[] = [];
  return {
    name: 'Postgres',
    url: db.url,
    async open() {
      const database = await openPostgres({ url: db.url });
      await migrate(database.sql);
      opened.push(database);
      return database;
    },
    async cleanup() {
      for (const database of opened) await database.close();
      await db.drop();
    },
  };
}

interface Server {
  app: TestApp;
  queue: PgBoss;
  stop(): Promise<void>;
}

async function startServer(backend: Backend, clock: TestClock): Promise<Server> {
  const database = await backend.open();
  const queue = await openJobQueue(database, { url: backend.url, clock });
  const app = await createTestApp({ database, scheduleTicks: createPgBossTicks(queue) });
  await workScheduleTicks(queue, app.schedules);
  return {
    app,
    queue,
    async stop() {
      await queue.stop({ graceful: false, close: true, timeout: 2000 });
      await app.close();
    },
  };
}

const backends: (() => Promise<Backend>)[] = [pgliteBackend];
if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  backends.push(() => postgresBackend(url));
}

describe.each(backends.map((open, i) => ({ open, name: i === 0 ? 'PGlite' : 'Postgres' })))(
  'schedule ticks on pg-boss, two servers ($name)',
  ({ open }) => {
    let backend: Backend;
    let clock: TestClock;
    const servers: Server[] = [];
    let editor: TestClient;

    const sql = () => (servers[0] as Server).app.database.sql;

    /** Until pg-boss has no tick left to forward or handle and no firing is being handled. */
    async function quiet(): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [row] = await sql().query<{ jobs: number; pending: number }>(
          `select (select count(*)::int from pgboss.job where name in ($1, '__pgboss__send-it')
                    and state in ('created', 'retry', 'active')) as jobs,
                  (select count(*)::int from schedule_firings where status = 'pending') as pending`,
          [SCHEDULE_QUEUE],
        );
        if (row?.jobs === 0 && row.pending === 0) return;
        if (Date.now() > deadline) throw new Error(`still busy: ${JSON.stringify(row)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    /** One minute of pg-boss time on every server, then wait for its tick to be handled. */
    async function minute(): Promise<void> {
      await clock.tick(MINUTE);
      await quiet();
    }

    async function firingsOf(id: string) {
      return sql().query<{ status: string; runId: string | null; tickKey: string }>(
        `select status, run_id as "runId", tick_key as "tickKey" from schedule_firings where schedule_id = $1
         order by fired_at_ms`,
        [id],
      );
    }

    async function tickJobs(id: string): Promise<number> {
      const [row] = await sql().query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = $1 and data->>'scheduleId' = $2`,
        [SCHEDULE_QUEUE, id],
      );
      return row?.n ?? -1;
    }

    async function create(body: Record<string, unknown>): Promise<string> {
      const response = await editor.request(BASE, {
        body: { cron: '* * * * *', inputs: { topic: 'tides' }, ...body },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { schedule: { id: string } }).schedule.id;
    }

    beforeAll(async () => {
      backend = await open();
      // Mid-minute, so each tick of the clock crosses exactly one minute boundary: one cron occurrence.
      clock = new TestClock(Math.floor(Date.now() / MINUTE) * MINUTE + 30_000);
      const first = await startServer(backend, clock);
      servers.push(first);
      const { editor: e, owner } = await first.app.team();
      editor = e;
      await seedPublishedWorkflow(first.app.sync, owner, WF);
      // The second server starts after the accounts exist (its membership cache loads them at start).
      servers.push(await startServer(backend, clock));
    }, TEST_APP_TIMEOUT_MS * 2);

    afterAll(async () => {
      for (const server of servers) await server.stop().catch(() => undefined);
      await backend?.cleanup();
    });

    it('fires exactly once per tick with two servers, and goes on after a server restarts', async () => {
      const id = await create({ name: 'Every minute', overlap: 'queue' });
      for (let i = 1; i <= 2; i++) {
        await minute();
        expect(await tickJobs(id)).toBe(i);
        expect((await firingsOf(id)).map((f) => f.status)).toEqual(Array(i).fill('started'));
      }
      // A restart: the second server goes away and another one comes up; the schedule lives in Postgres.
      await (servers.pop() as Server).stop();
      servers.push(await startServer(backend, clock));
      await minute();
      const firings = await firingsOf(id);
      expect(firings.map((f) => f.status)).toEqual(['started', 'started', 'started']);
      expect(new Set(firings.map((f) => f.runId)).size).toBe(3);
      expect(new Set(firings.map((f) => f.tickKey)).size).toBe(3);
      expect(await tickJobs(id)).toBe(3);
      const [runs] = await sql().query<{ n: number }>(
        'select count(*)::int as n from runs where trigger = $1',
        [`schedule:${id}`],
      );
      expect(runs?.n).toBe(3);
      await editor.request(`${BASE}/${id}`, { method: 'DELETE' });
    });

    it('skips a tick while the previous run is still queued, and a paused schedule fires nothing', async () => {
      const skipper = await create({ name: 'Skipper', overlap: 'skip' });
      const paused = await create({ name: 'Paused', paused: true });
      const resumedLater = await create({ name: 'Paused then resumed' });
      const pause = await editor.request(`${BASE}/${resumedLater}`, {
        method: 'PATCH',
        body: { paused: true },
      });
      expect(pause.status).toBe(200);
      await minute();
      await minute();
      // No runner here: the first run stays queued, so the second tick is skipped.
      const firings = await firingsOf(skipper);
      expect(firings.map((f) => f.status)).toEqual(['started', 'skipped']);
      expect(firings[1]?.runId).toBe(firings[0]?.runId);
      expect(await firingsOf(paused)).toEqual([]);
      expect(await firingsOf(resumedLater)).toEqual([]);
      expect(await tickJobs(paused)).toBe(0);
      expect(await tickJobs(resumedLater)).toBe(0);

      const resume = await editor.request(`${BASE}/${resumedLater}`, {
        method: 'PATCH',
        body: { paused: false },
      });
      expect(resume.status).toBe(200);
      await minute();
      expect((await firingsOf(resumedLater)).map((f) => f.status)).toEqual(['started']);
    });
  },
);
