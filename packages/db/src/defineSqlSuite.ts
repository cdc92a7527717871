import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Sql } from './Sql';

/** Collects payloads of one channel; `next()` resolves with the next one to arrive. */
async function subscribe(sql: Sql, channel: string) {
  const received: string[] = [];
  const waiting: ((payload: string) => void)[] = [];
  const stop = await sql.listen(channel, (payload) => {
    const resolve = waiting.shift();
    if (resolve) resolve(payload);
    else received.push(payload);
  });
  return {
    stop,
    received,
    next: () =>
      new Promise<string>((resolve) => {
        const queued = received.shift();
        if (queued !== undefined) resolve(queued);
        else waiting.push(resolve);
      }),
  };
}

function bytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/**
 * What the Sql interface promises, run against each driver: value conversions, transactions,
 * LISTEN/NOTIFY. `open` returns a fresh, empty database.
 */
export function defineSqlSuite(name: string, open: () => Promise<Database>): void {
  describe(`Sql contract: ${name}`, () => {
    let db: Database;
    let sql: Sql;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await sql.exec(`
        create table blobs (id text primary key, data bytea);
        create table docs (id text primary key, body jsonb);
        create table counters (id text primary key, n bigint not null);
      `);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('round-trips bytea as a plain Uint8Array, including empty and 1 MiB', async () => {
      const cases = { empty: new Uint8Array(0), small: bytes(3), all: bytes(256), mib: bytes(1 << 20) };
      for (const [id, data] of Object.entries(cases)) {
        await sql.query('insert into blobs (id, data) values ($1, $2)', [id, data]);
      }
      // A view with an offset must be sent as the viewed bytes only.
      await sql.query('insert into blobs (id, data) values ($1, $2)', ['view', cases.all.subarray(10, 20)]);
      for (const [id, data] of Object.entries({ ...cases, view: cases.all.subarray(10, 20) })) {
        const [row] = await sql.query<{ data: Uint8Array }>('select data from blobs where id = $1', [id]);
        expect(row?.data.constructor).toBe(Uint8Array);
        expect(row?.data.byteLength).toBe(data.byteLength);
        expect(Buffer.compare(row!.data, data)).toBe(0);
      }
    });

    it('returns int8 as number and jsonb as parsed JSON, the same on every driver', async () => {
      const [row] = await sql.query(
        `select 9007199254740991::bigint as big, count(*) as n, array[1, 2]::bigint[] as arr,
                1.5::float8 as f, 7::int4 as i`,
      );
      expect(row).toEqual({ big: 9007199254740991, n: 1, arr: [1, 2], f: 1.5, i: 7 });
      const bodies = { object: { a: [1, 'x', null] }, array: [1, 2], string: 'plain', number: 3 };
      for (const [id, body] of Object.entries(bodies)) {
        await sql.query('insert into docs (id, body) values ($1, $2)', [id, body]);
      }
      for (const [id, body] of Object.entries(bodies)) {
        const [stored] = await sql.query('select body, jsonb_typeof(body) as kind from docs where id = $1', [
          id,
        ]);
        expect(stored?.body).toEqual(body);
        expect(stored?.kind).toBe(Array.isArray(body) ? 'array' : typeof body);
      }
    });

    it('binds undefined as NULL', async () => {
      const [row] = await sql.query('select $1::text is null as missing', [undefined]);
      expect(row?.missing).toBe(true);
    });

    it('commits a transaction and returns its value', async () => {
      const value = await sql.transaction(async (tx) => {
        await tx.query(`insert into counters (id, n) values ('commit', 1)`);
        return 'done';
      });
      expect(value).toBe('done');
      expect(await sql.query(`select n from counters where id = 'commit'`)).toEqual([{ n: 1 }]);
    });

    it('rolls a transaction back when its callback throws', async () => {
      await expect(
        sql.transaction(async (tx) => {
          await tx.query(`insert into counters (id, n) values ('rollback', 1)`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await sql.query(`select n from counters where id = 'rollback'`)).toEqual([]);
    });

    it('runs a nested transaction as a savepoint', async () => {
      await sql.transaction(async (tx) => {
        await tx.query(`insert into counters (id, n) values ('outer', 1)`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(`insert into counters (id, n) values ('inner', 1)`);
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
        await tx.transaction((inner) => inner.query(`update counters set n = 2 where id = 'outer'`));
      });
      const rows = await sql.query(`select id, n from counters where id in ('outer', 'inner')`);
      expect(rows).toEqual([{ id: 'outer', n: 2 }]);
    });

    it('refuses the outer Sql inside its own transaction', async () => {
      await expect(sql.transaction(() => sql.query('select 1'))).rejects.toThrow(
        'synapse.db.outside_transaction',
      );
      // Once the transaction is over, callbacks it scheduled may use the outer Sql again.
      let later: Promise<unknown> = Promise.resolve();
      await sql.transaction(async () => {
        later = new Promise((resolve) => setTimeout(resolve, 0)).then(() => sql.query('select 1 as one'));
      });
      expect(await later).toEqual([{ one: 1 }]);
    });

    it('delivers notifications on a case-sensitive channel and stops after unlisten', async () => {
      const upper = await subscribe(sql, 'Synapse_Case');
      const lower = await subscribe(sql, 'synapse_case');
      await sql.notify('Synapse_Case', 'hello');
      expect(await upper.next()).toBe('hello');
      await upper.stop();
      await sql.notify('Synapse_Case', 'after unlisten');
      await sql.notify('synapse_case', 'sentinel');
      // Notifications arrive in order, so once the sentinel is here the other one would have been too.
      expect(await lower.next()).toBe('sentinel');
      expect(upper.received).toEqual([]);
      await lower.stop();
    });

    it('delivers a notification sent in a transaction on commit, and never on rollback', async () => {
      const channel = await subscribe(sql, 'synapse_tx');
      await expect(
        sql.transaction(async (tx) => {
          await tx.notify('synapse_tx', 'rolled back');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await sql.transaction((tx) => tx.notify('synapse_tx', 'committed'));
      expect(await channel.next()).toBe('committed');
      await channel.stop();
    });

    it('rejects channel names the drivers cannot both handle', async () => {
      await expect(sql.listen('a"b', () => {})).rejects.toThrow('synapse.db.bad_channel');
      await expect(sql.notify('x'.repeat(64), '')).rejects.toThrow('synapse.db.bad_channel');
    });
  });
}
