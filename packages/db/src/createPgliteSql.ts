import type { PGlite, QueryOptions, Transaction } from '@electric-sql/pglite';
import { ErrorCodes } from '@synapse/schema';
import { assertChannelName } from './assertChannelName';
import { createTransactionGuard } from './createTransactionGuard';
import type { Row, Sql } from './Sql';

const JSON_OID = 114;
const JSONB_OID = 3802;

// PGlite passes a string bound to a json parameter through as JSON text; postgres.js encodes it as a
// JSON string. Encode every value, so `'abc'` is stored as the JSON string "abc" on both drivers.
const queryOptions: QueryOptions = {
  serializers: {
    [JSON_OID]: (value) => JSON.stringify(value),
    [JSONB_OID]: (value) => JSON.stringify(value),
  },
};

function quoteChannel(channel: string): string {
  assertChannelName(channel);
  return `"${channel}"`;
}

/** Wraps an open PGlite instance (in-process, one connection). */
export function createPgliteSql(db: PGlite): Sql {
  const guard = createTransactionGuard();

  async function listen(
    channel: string,
    onNotify: (payload: string) => void,
    tx?: Transaction,
  ): Promise<() => Promise<void>> {
    // Quoted so the name is case-sensitive as with postgres.js. Unlisten through `db.unlisten` with the
    // quoted name: the function PGlite returns from listen() lower-cases a mixed-case channel.
    const quoted = quoteChannel(channel);
    await db.listen(quoted, onNotify, tx);
    return async () => {
      if (!db.closed) await db.unlisten(quoted, onNotify);
    };
  }

  function wrapTransaction(tx: Transaction, depth: number): Sql {
    return {
      driver: 'pglite',
      async query<T extends Row = Row>(text: string, params?: readonly unknown[]) {
        const result = await tx.query<T>(text, params ? [...params] : undefined, queryOptions);
        return result.rows;
      },
      async exec(text) {
        await tx.exec(text);
      },
      async transaction(fn) {
        const savepoint = `synapse_savepoint_${depth}`;
        await tx.exec(`savepoint ${savepoint}`);
        try {
          const result = await fn(wrapTransaction(tx, depth + 1));
          await tx.exec(`release savepoint ${savepoint}`);
          return result;
        } catch (error) {
          await tx.exec(`rollback to savepoint ${savepoint}; release savepoint ${savepoint}`);
          throw error;
        }
      },
      listen: (channel, onNotify) => listen(channel, onNotify, tx),
      async notify(channel, payload) {
        assertChannelName(channel);
        await tx.query('select pg_notify($1, $2)', [channel, payload]);
      },
      async close() {
        throw new Error(`${ErrorCodes.dbCloseInTransaction}: close the Database, not a transaction`);
      },
    };
  }

  return {
    driver: 'pglite',
    async query<T extends Row = Row>(text: string, params?: readonly unknown[]) {
      guard.check('query');
      const result = await db.query<T>(text, params ? [...params] : undefined, queryOptions);
      return result.rows;
    },
    async exec(text) {
      guard.check('exec');
      await db.exec(text);
    },
    async transaction(fn) {
      guard.check('transaction');
      return db.transaction((tx) => guard.run(() => fn(wrapTransaction(tx, 0))));
    },
    listen: (channel, onNotify) => listen(channel, onNotify),
    async notify(channel, payload) {
      guard.check('notify');
      assertChannelName(channel);
      await db.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
