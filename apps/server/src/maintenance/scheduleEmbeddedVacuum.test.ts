// The hourly vacuum of the embedded database on a real pg-boss (PGlite, which has no autovacuum): rows
// deleted as pg-boss and the prune jobs delete them stay on disk until a vacuum marks their space free,
// so the same rows written again take new pages; after the job's pass they reuse the old ones.
import { type Database, openJobQueue } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../http/test/openTestDatabase';
import { createLogger } from '../logger';
import {
  EMBEDDED_VACUUM_CRON,
  EMBEDDED_VACUUM_QUEUE,
  scheduleEmbeddedVacuum,
} from './scheduleEmbeddedVacuum';

let database: Database;
let queue: PgBoss;

beforeAll(async () => {
  database = await openTestDatabase();
  queue = await openJobQueue(database);
}, 60_000);
afterAll(async () => {
  await queue?.stop({ graceful: false, close: true, timeout: 2000 });
  await database?.close();
});

/** Fills the table with 2,000 rows of 200 bytes and deletes them all: the rows are dead, not gone. */
async function churn(): Promise<void> {
  await database.sql.exec(`insert into churn select g, repeat('x', 200) from generate_series(1, 2000) g;
    delete from churn;`);
}

async function tableBytes(): Promise<number> {
  const [row] = await database.sql.query<{ bytes: number }>(
    `select pg_relation_size('churn')::bigint as bytes`,
  );
  return Number(row?.bytes);
}

describe('embedded vacuum job', () => {
  it('is scheduled hourly and frees the space of deleted rows for reuse', async () => {
    await database.sql.exec('create table churn (id int primary key, body text)');
    await churn();
    const once = await tableBytes();
    // Nothing vacuums PGlite on its own: the same rows written again take new pages.
    await churn();
    const twice = await tableBytes();
    expect(twice).toBeGreaterThan(once * 1.8);

    await scheduleEmbeddedVacuum(queue, {
      sql: database.sql,
      logger: createLogger({ level: 'silent', pretty: false }),
    });
    expect((await queue.getSchedule(EMBEDDED_VACUUM_QUEUE))?.cron).toBe(EMBEDDED_VACUUM_CRON);
    const id = await queue.send(EMBEDDED_VACUUM_QUEUE, null);
    await expect
      .poll(async () => (await queue.findJobs(EMBEDDED_VACUUM_QUEUE, { id: id as string }))[0]?.state, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe('completed');
    // Vacuumed, the dead rows' space is free (or given back): writing them again takes no new page.
    await churn();
    expect(await tableBytes()).toBeLessThanOrEqual(twice);
  });
});
