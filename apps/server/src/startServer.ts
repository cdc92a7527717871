import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  type AddressPolicy,
  createDocumentStore,
  createPublishedWorkflowsRepo,
  createRunHistoryRepo,
  createRunsRepo,
  createSystemStatusRepo,
  createVersionRepo,
  createWorkspacesRepo,
  type Database,
  DEFAULT_ADDRESS_POLICY,
  type DocumentStore,
  type LookupAddresses,
  type MasterKeyring,
  migrate,
  openJobQueue,
  type ProviderKeyStore,
  RUN_CANCEL_CHANNEL,
  RUN_QUEUE,
} from '@synapse/db';
import { createToolsRuntime, type ToolsRuntime } from '@synapse/tools';
import type { PgBoss } from 'pg-boss';
import { WebSocketServer } from 'ws';
import type { AuthService } from './auth/createAuthService';
import { createSecurity, type SecurityOptions } from './auth/createSecurity';
import { openConfiguredDatabase, type ServerConfig } from './config';
import { createAnalyticsService } from './history/createAnalyticsService';
import { createTemplateService } from './history/createTemplateService';
import { readWorkflowNames } from './history/createWorkflowFromGraph';
import { seedDemoWorkflows } from './history/seedDemoWorkflows';
import { attachWebApp } from './http/attachWebApp';
import { type App, createApp } from './http/createApp';
import { createLogger, type Logger } from './logger';
import { attachMetricsRoute, isLoopbackHost } from './metrics/attachMetricsRoute';
import { collectSystemStatus } from './metrics/collectSystemStatus';
import { instrumentDocumentStore } from './metrics/instrumentDocumentStore';
import { createRunService } from './runs/createRunService';
import { loadOrCreateMasterKeyring } from './secrets/loadOrCreateMasterKeyring';
import { loadOrCreateSecret } from './secrets/loadOrCreateSecret';
import { attachSyncRoute } from './sync/attachSyncRoute';
import { createDecodePool, type DecodePoolOptions } from './sync/createDecodePool';
import { createDurablePersistence, type DurablePersistence } from './sync/createDurablePersistence';
import { createPresencePin } from './sync/createPresencePin';
import type { SocketLimits } from './sync/createSocketGuard';
import { createSyncServer } from './sync/createSyncServer';
import { createUpdateGuard } from './sync/createUpdateGuard';
import { createWorkflowAudit } from './sync/createWorkflowAudit';
import { createMcpServerService } from './tools/createMcpServerService';
import { createMemoryService } from './tools/createMemoryService';
import { createPublishedInputsRefresh } from './tools/createPublishedInputsRefresh';
import { createWorkflowToolService } from './tools/createWorkflowToolService';
import { createVersionService } from './versions/createVersionService';

export const VERSION = '0.1.0';
/** Short-lived: the provider fetches a fresh one on every (re)connect, so expiry never interrupts anyone. */
const SYNC_TOKEN_TTL_MS = 5 * 60 * 1000;

export interface ServerHandle {
  url: string;
  syncUrl: string;
  port: number;
  database: Database;
  queue: PgBoss;
  secret: Uint8Array;
  persistence: DurablePersistence;
  logger: Logger;
  /** Provider-key master keys and address policy, for a runner sharing this process (embedded mode). */
  masterKeys: MasterKeyring;
  addressPolicy: AddressPolicy;
  keyStore: ProviderKeyStore;
  /** Accounts and sessions (tests create users through it). */
  auth: AuthService;
  /** The HTTP app: its route table is what the authorization matrix test walks. */
  app: App;
  /** MCP client pool and workspace toolboxes, for a runner sharing this process (embedded mode). */
  tools: ToolsRuntime;
  stop(): Promise<void>;
}

export interface StartServerOptions extends ServerConfig {
  /** An already-open database (the CLI shares one between server and runner in embedded mode). */
  database?: Database;
  logger?: Logger;
  now?: () => number;
  /** Wraps the document store (tests inject slow or failing storage through this). */
  decorateStore?: (store: DocumentStore) => DocumentStore;
  /** DNS used by the address policy (tests resolve names to chosen addresses). */
  lookup?: LookupAddresses;
  rateLimits?: SecurityOptions['rateLimits'];
  /** Tests only (never from configuration): requests without a session act as an owner of `default`. */
  devAuth?: boolean;
  syncLimits?: Partial<SocketLimits>;
  decoding?: DecodePoolOptions;
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
  const masterKeys = options.masterKeys ?? (await loadOrCreateMasterKeyring(options.dataDir));
  const addressPolicy = options.addressPolicy ?? DEFAULT_ADDRESS_POLICY;
  const security = await createSecurity({
    database,
    secret,
    masterKeys,
    addressPolicy,
    lookup: options.lookup,
    openSignup: options.openSignup ?? false,
    cookies: { secure: options.secureCookies ?? 'auto', trustProxy: options.trustProxy ?? false },
    allowedOrigins: options.allowedOrigins ?? [],
    syncTokenTtlMs: SYNC_TOKEN_TTL_MS,
    rateLimits: options.rateLimits,
    devAuth: options.devAuth,
    logger,
    now,
  });
  const queue = await openJobQueue(database, {
    url: options.databaseUrl,
    onError: (error) => logger.error({ err: error }, 'job queue error'),
  });

  // Measured from outside the persistence extension: commit latency, rows in flight (/metrics).
  const store = instrumentDocumentStore(
    (options.decorateStore ?? ((s) => s))(createDocumentStore(database.sql)),
  );
  const persistence = createDurablePersistence({
    store: store.store,
    maxDocumentBytes: options.maxDocumentBytes,
    logger,
  });
  const decodePool = createDecodePool(options.decoding);
  await decodePool.whenReady();
  const sync = createSyncServer({
    persistence,
    members: security.members,
    authenticate: (token) => security.auth.authenticateSyncToken(token),
    twoFactorAllows: (principal, workspaceId) => security.deps.twoFactor.allows(principal, workspaceId),
    logger,
    extensions: [
      createUpdateGuard({ pool: decodePool, logger }),
      createPresencePin(),
      createWorkflowAudit(security.audit),
      createPublishedInputsRefresh(createPublishedWorkflowsRepo(database.sql), logger),
    ],
  });
  await security.attachSync(sync);
  const versionRepo = createVersionRepo(database.sql);
  const runs = createRunService({
    sync,
    persistence,
    runs: createRunsRepo(database.sql),
    versions: versionRepo,
    enqueue: async (job) => {
      await queue.send(RUN_QUEUE, job);
    },
    notifyCancel: (runId) => database.sql.notify(RUN_CANCEL_CHANNEL, runId),
    runDeadlineMs: options.runDeadlineMs,
    now,
    logger,
    audit: security.audit,
  });

  if (options.demoData) {
    await seedDemoWorkflows({ sync, persistence, store: store.store, logger, now }, 'default');
  }
  const toolsOptions = {
    sql: database.sql,
    keyStore: security.keyStore,
    stdioServers: options.mcpStdioServers ?? [],
    addressPolicy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  const tools = createToolsRuntime(toolsOptions);
  const mcpServers = createMcpServerService({
    ...toolsOptions,
    audit: security.audit,
    runtime: tools,
    now,
  });
  const runHistory = createRunHistoryRepo(database.sql);
  const statusRepo = createSystemStatusRepo(database.sql);
  const systemStatus = () =>
    collectSystemStatus({ repo: statusRepo, sync, persistence: () => store.stats(), now });

  const app = createApp({
    members: security.members,
    resolveSession: (c) => security.resolveSession(c),
    audit: security.audit,
    security: security.deps,
    checkDatabase: () => statusRepo.ping(),
    runs,
    versions: createVersionService({ sync, versions: versionRepo, now, logger }),
    history: {
      runHistory,
      analytics: createAnalyticsService({
        history: runHistory,
        workflowNames: (workspaceId) => readWorkflowNames(sync, workspaceId),
      }),
      templates: createTemplateService({ sync, persistence, now }),
      systemStatus,
    },
    logger,
    version: VERSION,
    allowedHosts: servedHosts(options),
    tools: {
      mcpServers,
      memory: createMemoryService({ sql: database.sql, audit: security.audit, now }),
      workflowTools: createWorkflowToolService({
        sql: database.sql,
        sync,
        runs,
        audit: security.audit,
        now,
      }),
    },
  });
  attachSyncRoute(app, sync, {
    maxMessageBytes: options.maxMessageBytes,
    logger,
    limits: { maxOpenDocuments: options.maxOpenDocuments ?? 200, ...options.syncLimits },
  });
  attachMetricsRoute(
    app,
    { public: options.metricsPublic ?? false, loopback: isLoopbackHost(options.host) },
    systemStatus,
  );
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
    masterKeys,
    addressPolicy,
    keyStore: security.keyStore,
    auth: security.auth,
    app,
    tools,
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
      await tools.close();
      await security.stop();
      await decodePool.close();
      await queue.stop({ graceful: false, close: true, timeout: 2000 }).catch(() => undefined);
      if (ownsDatabase) await database.close();
    },
  };
}

/** The configured host names, the allowed origins' hosts and a named bind address. */
function servedHosts(options: Pick<ServerConfig, 'allowedHosts' | 'allowedOrigins' | 'host'>): string[] {
  const originHosts = (options.allowedOrigins ?? []).flatMap((origin) => {
    try {
      return [new URL(origin).hostname];
    } catch {
      return [];
    }
  });
  return [...(options.allowedHosts ?? []), ...originHosts, options.host];
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
