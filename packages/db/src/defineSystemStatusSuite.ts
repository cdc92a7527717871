import { randomBytes } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQueuedRun } from './insertQueuedRun';
import { migrate } from './migrate';
import { openJobQueue, RUN_QUEUE } from './openJobQueue';
import { createRunsRepo } from './runsRepo';
import type { Database, Sql } from './Sql';
import { createSystemStatusRepo } from './systemStatusRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * The health page's reads against a driver and a real pg-boss queue. `open` returns a fresh, empty
 * database and, for a server, its URL (pg-boss opens its own pool there).
 */
export function defineSystemStatusSuite(
  name: string,
  open: () => Promise<{ database: Database; url?: string }>,
): void {
  describe(`system status repository: ${name}`, () => {
    let db: Database;
    let url: string | undefined;
    let sql: Sql;
    let boss: PgBoss | undefined;

    beforeAll(async () => {
      ({ database: db, url } = await open());
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await boss?.stop({ graceful: false, close: true, timeout: 2000 });
      await db?.close();
    });

    const queuedRun = (workspaceId: string) => insertQueuedRun(sql, workspaceId);

    it('pings, counts runs by status, and reports the queue unreadable before pg-boss made it', async () => {
      const status = createSystemStatusRepo(sql);
      await expect(status.ping()).resolves.toBeUndefined();
      expect(await status.runCounts()).toEqual({});
      const ws = unique('ws');
      const [a] = [await queuedRun(ws), await queuedRun(ws)];
      await createRunsRepo(sql).claim(a!, 'runner-1', 2);
      expect(await status.runCounts()).toEqual({ queued: 1, running: 1 });
      await expect(status.runQueue(30)).rejects.toThrow(/pgboss/);
    });

    it('reports ready, deferred and active run jobs, busy runners by heartbeat, and the last completion', async () => {
      const status = createSystemStatusRepo(sql);
      boss = await openJobQueue(db, { url });
      expect(await status.runQueue(30)).toEqual({
        ready: 0,
        deferred: 0,
        active: 0,
        oldestReadyAgeMs: null,
        lastCompletedAt: null,
        busyRunners: 0,
      });
      const ws = unique('ws');
      const runId = await queuedRun(ws);
      await boss.send(RUN_QUEUE, { runId, workspaceId: ws });
      await boss.send(RUN_QUEUE, { runId: 'later', workspaceId: ws }, { startAfter: 3600 });
      const waiting = await status.runQueue(30);
      expect(waiting).toMatchObject({ ready: 1, deferred: 1, active: 0, busyRunners: 0 });
      expect(waiting.oldestReadyAgeMs).toBeGreaterThanOrEqual(0);

      const [job] = await boss.fetch(RUN_QUEUE);
      expect(job?.data).toMatchObject({ runId });
      // A fetched job whose run nobody claimed yet is active but no runner is busy with it.
      expect(await status.runQueue(30)).toMatchObject({ ready: 0, active: 1, busyRunners: 0 });
      await createRunsRepo(sql).claim(runId, 'runner-1', 2);
      expect(await status.runQueue(30)).toMatchObject({ active: 1, busyRunners: 1, oldestReadyAgeMs: null });
      // A heartbeat older than the window does not count.
      await sql.query(`update pgboss.job set heartbeat_on = now() - interval '1 minute' where id = $1`, [
        job!.id,
      ]);
      expect(await status.runQueue(30)).toMatchObject({ busyRunners: 0 });

      await boss.complete(RUN_QUEUE, job!.id);
      const done = await status.runQueue(30);
      expect(done).toMatchObject({ active: 0, deferred: 1, busyRunners: 0 });
      expect(done.lastCompletedAt).toBeGreaterThan(Date.now() - 60_000);
    });
  });
}
