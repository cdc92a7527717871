import { ErrorCodes } from '@synapse/schema';
import postgres from 'postgres';
import { assertChannelName } from './assertChannelName';
import { createTransactionGuard } from './createTransactionGuard';
import type { Sql } from './Sql';

const INT8_OID = 20;
const BYTEA_OID = 17;

// Match PGlite: int8 as number (not string), bytea as a plain Uint8Array (not a Buffer). Arrays of these
// types pick the element parsers up too, because postgres.js fetches array types on connect.
const types = {
  int8: {
    to: INT8_OID,
    from: [INT8_OID],
    serialize: (value: number | bigint | string) => String(value),
    parse: (raw: string) => Number(raw),
  },
  bytea: {
    to: BYTEA_OID,
    from: [BYTEA_OID],
    serialize: (value: Uint8Array) =>
      `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
    // Decode `\x..` hex straight into a fresh array: no pooled Buffer slab behind small values.
    parse: (raw: string) => {
      const bytes = new Uint8Array((raw.length - 2) / 2);
      Buffer.from(bytes.buffer).write(raw.slice(2), 'hex');
      return bytes;
    },
  },
} satisfies Record<string, postgres.PostgresType>;

// Extended protocol even without parameters (postgres.js would use the simple one, which accepts several
// statements; PGlite's query does not). Prepared, so repeated statements skip the describe round trip.
// `simple` is honoured at runtime but missing from UnsafeQueryOptions.
const extendedProtocol = { prepare: true, simple: false } as postgres.UnsafeQueryOptions;

type Client = postgres.Sql<Record<string, unknown>>;
type Params = postgres.ParameterOrJSON<never>[];

export interface PostgresSqlOptions {
  url: string;
  /** Pool size; LISTEN uses one extra connection. Default 10. */
  max?: number;
}

/** A postgres.js pool behind the Sql interface. Connects lazily; see openPostgres for a checked open. */
export function createPostgresSql(opts: PostgresSqlOptions): Sql {
  const client = postgres(opts.url, {
    max: opts.max ?? 10,
    types,
    // PGlite binds undefined as NULL; postgres.js would throw.
    transform: { undefined: null },
    connection: { application_name: 'synapse' },
  }) as unknown as Client;
  const guard = createTransactionGuard();

  async function run<T>(target: Client | postgres.TransactionSql, text: string, params?: readonly unknown[]) {
    const result = await target.unsafe(text, (params ?? []) as Params, extendedProtocol);
    return Array.from(result) as unknown as T[];
  }

  async function listen(channel: string, onNotify: (payload: string) => void) {
    assertChannelName(channel);
    // postgres.js listens on its own dedicated connection, so this is never part of a transaction.
    const { unlisten } = await client.listen(channel, onNotify);
    return async () => {
      await unlisten();
    };
  }

  function wrapTransaction(tx: postgres.TransactionSql): Sql {
    return {
      driver: 'postgres',
      query: (text, params) => run(tx, text, params),
      async exec(text) {
        await tx.unsafe(text).simple();
      },
      async transaction(fn) {
        return (await tx.savepoint((inner) => fn(wrapTransaction(inner)))) as Awaited<ReturnType<typeof fn>>;
      },
      listen,
      async notify(channel, payload) {
        assertChannelName(channel);
        await run(tx, 'select pg_notify($1, $2)', [channel, payload]);
      },
      async close() {
        throw new Error(`${ErrorCodes.dbCloseInTransaction}: close the Database, not a transaction`);
      },
    };
  }

  return {
    driver: 'postgres',
    async query(text, params) {
      guard.check('query');
      return run(client, text, params);
    },
    async exec(text) {
      guard.check('exec');
      await client.unsafe(text).simple();
    },
    async transaction(fn) {
      guard.check('transaction');
      return (await client.begin((tx) => guard.run(() => fn(wrapTransaction(tx))))) as Awaited<
        ReturnType<typeof fn>
      >;
    },
    listen,
    async notify(channel, payload) {
      guard.check('notify');
      assertChannelName(channel);
      await run(client, 'select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
