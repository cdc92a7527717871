import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createDocumentStore,
  createRunsRepo,
  createVersionRepo,
  createWorkspacesRepo,
  type Database,
  type DocumentStore,
  migrate,
  openJobQueue,
  RUN_QUEUE,
} from '@synapse/db';
import { signSyncToken, verifySyncToken } from '@synapse/schema';
import type { PgBoss } from 'pg-boss';
import { WebSocketServer } from 'ws';
import { devMembership } from './auth/authorize';
import { DEV_USER, type Principal, RUNNER_SERVICE } from './auth/Principal';
import { openConfiguredDatabase, type ServerConfig } from './config';
import { attachWebApp } from './http/attachWebApp';
import { createApp } from './http/createApp';
import { createLogger, type Logger } from './logger';
import { createRunService } from './runs/createRunService';
import { loadOrCreateSecret } from './secrets/loadOrCreateSecret';
import { attachSyncRoute } from './sync/attachSyncRoute';
import { createDurablePersistence, type DurablePersistence } from './sync/createDurablePersistence';
import { createSyncServer } from './sync/createSyncServer';

export const VERSION = '0.1.0';
const SYNC_TOKEN_TTL_MS = 10 * 60 * 1000;

export interface ServerHandle {
  url: string;
  syncUrl: string;
  port: number;
  database: Database;
  queue: PgBoss;
  secret: Uint8Array;
  persistence: DurablePersistence;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartServerOptions extends ServerConfig {
  /** An already-open database (the CLI shares one between server and runner in embedded mode). */
  database?: Database;
  logger?: Logger;
  now?: () => number;
  /** Wraps the document store (tests inject slow or failing storage through this). */
  decorateStore?: (store: DocumentStore) => DocumentStore;
}

/** Starts the API, the sync server and the web app on one port. */
export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const logger = options.logger ?? createLogger({ level: options.logLevel, pretty: options.pretty });
  const now = options.now ?? Date.now;
  const ownsDatabase = !options.database;
  const database = options.database ?? (await openConfiguredDatabase(options));
  await migrate(database.sql);
  const secret = options.secret
    ? new TextEncoder().encode(options.secret)
    : await loadOrCreateSecret(options.dataDir);
  await createWorkspacesRepo(database.sql).ensure({ id: 'default', name: 'Default workspace' });
  const queue = await openJobQueue(database, {
    url: options.databaseUrl,
    onError: (error) => logger.error({ err: error }, 'job queue error'),
  });

  const persistence = createDurablePersistence({
    store: (options.decorateStore ?? ((s) => s))(createDocumentStore(database.sql)),
    maxDocumentBytes: options.maxDocumentBytes,
    logger,
  });
  const authenticate = async (token: string) => {
    const result = await verifySyncToken(token, secret, now());
    if (!result.ok) return { ok: false as const, reason: `token ${result.reason}` };
    const { claims } = result;
    const principal: Principal =
      claims.kind === 'service' ? RUNNER_SERVICE : { kind: 'user', id: claims.sub, name: claims.name };
    return { ok: true as const, principal };
  };
  const sync = createSyncServer({ persistence, members: devMembership, authenticate, logger });
  const runs = createRunService({
    sync,
    persistence,
    runs: createRunsRepo(database.sql),
    versions: createVersionRepo(database.sql),
    enqueue: async (job) => {
      await queue.send(RUN_QUEUE, job);
    },
    now,
    logger,
  });

  const app = createApp({
    members: devMembership,
    // Foundation: everyone is the dev user. [security] resolves sessions from cookies here.
    resolvePrincipal: async () => DEV_USER,
    issueSyncToken: async (principal) => {
      if (principal.kind !== 'user') throw new Error('sync tokens are issued to users only');
      const expiresAt = now() + SYNC_TOKEN_TTL_MS;
      const token = await signSyncToken(
        { sub: principal.id, kind: 'user', name: principal.name, exp: expiresAt },
        secret,
      );
      return { token, expiresAt };
    },
    checkDatabase: async () => {
      await database.sql.query('select 1');
    },
    runs,
    logger,
    version: VERSION,
  });
  attachSyncRoute(app, sync, { maxMessageBytes: options.maxMessageBytes, logger });
  attachWebApp(app, options.webDist);

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes * 2 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host, websocket: { server: wss } },
      () => resolve(s),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}`;
  logger.info({ url }, 'server listening');

  let stopped = false;
  return {
    url,
    syncUrl: `ws://${options.host}:${port}/sync`,
    port,
    database,
    queue,
    secret,
    persistence,
    logger,
    async stop() {
      if (stopped) return;
      stopped = true;
      sync.closeConnections();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sync.flushPendingStores();
      await waitFor(() => sync.getDocumentsCount() === 0, 5000);
      await persistence.drained();
      await queue.stop({ graceful: false, close: true, timeout: 2000 }).catch(() => undefined);
      if (ownsDatabase) await database.close();
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
