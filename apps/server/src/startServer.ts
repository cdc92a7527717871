import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  type AddressPolicy,
  connectRedis,
  createPublishedWorkflowsRepo,
  createRunApprovalsRepo,
  createRunIdempotencyRepo,
  createWebhooksRepo,
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
import type { ToolsRuntime } from '@synapse/tools';
import type { Clock, PgBoss } from 'pg-boss';
import { WebSocketServer } from 'ws';
import type { AuditRecorder } from './audit/createAuditRecorder';
import { scheduleAuditRetention } from './audit/scheduleAuditRetention';
import type { AuthService } from './auth/createAuthService';
import type { SecurityOptions } from './auth/createSecurity';
import { composeServer } from './composeServer';
import { openConfiguredDatabase, type ServerConfig } from './config';
import { seedDemoWorkflows } from './history/seedDemoWorkflows';
import { attachWebApp } from './http/attachWebApp';
import type { App } from './http/createApp';
import { createLogger, type Logger } from './logger';
import { scheduleEmbeddedVacuum } from './maintenance/scheduleEmbeddedVacuum';
import { attachMetricsRoute, isLoopbackHost } from './metrics/attachMetricsRoute';
import { scheduleApprovalResumeCheck } from './runs/resumeDecidedRuns';
import { scheduleIdempotencyPrune } from './runs/scheduleIdempotencyPrune';
import { createPgBossTicks, workScheduleTicks } from './schedules/createPgBossTicks';
import { loadOrCreateMasterKeyring } from './secrets/loadOrCreateMasterKeyring';
import { loadOrCreateSecret } from './secrets/loadOrCreateSecret';
import { attachSyncRoute } from './sync/attachSyncRoute';
import { createDecodePool, type DecodePoolOptions } from './sync/createDecodePool';
import type { DurablePersistence } from './sync/createDurablePersistence';
import { createPresencePin } from './sync/createPresencePin';
import type { SocketLimits } from './sync/createSocketGuard';
import { createUpdateGuard } from './sync/createUpdateGuard';
import { createWorkflowAudit } from './sync/createWorkflowAudit';
import { createPublishedInputsRefresh } from './tools/createPublishedInputsRefresh';
import { createWorkflowTriggerCleanup } from './triggers/createWorkflowTriggerCleanup';
import { reconcileWorkflowTriggers } from './triggers/reconcileWorkflowTriggers';

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
  /** How long a `respond: 'wait'` webhook delivery waits for its run (default 30 s; tests shorten it). */
  webhookWaitMs?: number;
  syncLimits?: Partial<SocketLimits>;
  decoding?: DecodePoolOptions;
  /** Tests only: the job queue's clock (pg-boss `TestClock`), to drive schedule ticks by hand. */
  jobClock?: Clock;
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
  // pg-boss checks its schema and queue on start (≈ 150 ms of round trips): that runs while the rest
  // starts and the port opens, since sync and the API need it only to enqueue a run (issue #18).
  const queueReady = openJobQueue(database, {
    url: options.databaseUrl,
    onError: (error) => logger.error({ err: error }, 'job queue error'),
    ...(options.jobClock ? { clock: options.jobClock } : {}),
  });
  queueReady.catch(() => undefined);
  const scheduleTicks = createPgBossTicks(queueReady);
  const triggerCleanup = (audit: AuditRecorder) =>
    createWorkflowTriggerCleanup({ sql: database.sql, ticks: scheduleTicks, audit, logger });
  // Shared rate-limit counters; the sync fan-out connects on its own.
  const limitsRedis = options.redisUrl
    ? connectRedis(options.redisUrl, {
        onDown: (error) => logger.error({ err: error }, 'Redis unreachable: rate limits count per server'),
        onUp: () => logger.info('Redis connected: rate limits are shared'),
      })
    : null;
  // Workers start on the first update too large (or too unusual) to decode inline.
  const decodePool = createDecodePool(options.decoding);
  const { security, metrics, store, persistence, sync, redis, systemStatus, app, tools, schedules } =
    await composeServer({
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
      redis: limitsRedis,
      sso: options.sso,
      devAuth: options.devAuth,
      decorateStore: options.decorateStore,
      maxDocumentBytes: options.maxDocumentBytes,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      syncExtensions: (security) => [
        createUpdateGuard({ pool: decodePool, logger }),
        createPresencePin(),
        createWorkflowAudit(security.audit, { removeTriggers: triggerCleanup(security.audit), logger }),
        createPublishedInputsRefresh(createPublishedWorkflowsRepo(database.sql), logger),
      ],
      enqueue: async (job, jobOptions) => {
        await (await queueReady).send(RUN_QUEUE, job, jobOptions ?? {});
      },
      notifyCancel: (runId) => database.sql.notify(RUN_CANCEL_CHANNEL, runId),
      scheduleTicks,
      runDeadlineMs: options.runDeadlineMs,
      ...(options.webhookWaitMs !== undefined ? { webhookWaitMs: options.webhookWaitMs } : {}),
      stdioServers: options.mcpStdioServers ?? [],
      logger,
      now,
      version: VERSION,
      allowedHosts: servedHosts(options),
    });
  if (options.demoData) {
    await seedDemoWorkflows({ sync, persistence, store: store.store, logger, now }, 'default');
  }
  attachSyncRoute(app, sync, {
    maxMessageBytes: options.maxMessageBytes,
    logger,
    limits: { maxOpenDocuments: options.maxOpenDocuments ?? 200, ...options.syncLimits },
  });
  attachMetricsRoute(
    app,
    { public: options.metricsPublic ?? false, loopback: isLoopbackHost(options.host) },
    { metrics, status: systemStatus },
  );
  attachWebApp(app, options.webDist);

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes * 2 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host, websocket: { server: wss } },
      () => resolve(s),
    );
  });
  // A deleted workflow's triggers whose removal was lost (createWorkflowAudit does not retry it).
  const reconcileTriggers = () =>
    reconcileWorkflowTriggers({
      sql: database.sql,
      sync,
      removeTriggers: triggerCleanup(security.audit),
      now,
      logger,
    });
  let queue: PgBoss;
  try {
    queue = await queueReady;
    await scheduleAuditRetention(queue, {
      retention: security.deps.auditRetention,
      audit: security.audit,
      now,
      logger,
    });
    await workScheduleTicks(queue, schedules);
    await scheduleApprovalResumeCheck(queue, {
      approvals: createRunApprovalsRepo(database.sql),
      enqueue: async (job, jobOptions) => {
        await queue.send(RUN_QUEUE, job, jobOptions);
      },
      now,
      logger,
    });
    await scheduleIdempotencyPrune(queue, {
      idempotency: createRunIdempotencyRepo(database.sql),
      webhooks: createWebhooksRepo(database.sql, { masterKeys }),
      now,
      logger,
      reconcileTriggers,
    });
    if (database.sql.driver === 'pglite') await scheduleEmbeddedVacuum(queue, { sql: database.sql, logger });
  } catch (error) {
    // The port is already open: drop whoever connected meanwhile, or close() would wait for them.
    for (const client of wss.clients) client.terminate();
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}`;
  logger.info({ url }, 'server listening');
  // Off the start path (it opens the index of every workspace with triggers); stop() waits for it.
  const startupReconcile = reconcileTriggers().catch((error: unknown) =>
    logger.error({ err: error }, 'could not reconcile the triggers of deleted workflows'),
  );

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
      await startupReconcile;
      sync.flushPendingStores();
      await waitFor(() => sync.getDocumentsCount() === 0, 5000);
      await persistence.drained();
      await redis?.close();
      await tools.close();
      await security.stop();
      await decodePool.close();
      await queue.stop({ graceful: false, close: true, timeout: 2000 }).catch(() => undefined);
      limitsRedis?.disconnect();
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
