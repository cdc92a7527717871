import type { Extension, Hocuspocus } from '@hocuspocus/server';
import {
  type AddressPolicy,
  createDocumentStore,
  createMemoryUsageRepo,
  createPublishedVersionRepo,
  createRunApprovalsRepo,
  createRunHistoryRepo,
  createRunIdempotencyRepo,
  createRunsRepo,
  createSchedulesRepo,
  createSubworkflowRunsRepo,
  createSystemStatusRepo,
  createVersionRepo,
  createWebhooksRepo,
  type Database,
  type DocumentStore,
  type LookupAddresses,
  type RunJob,
  type WebhooksRepo,
} from '@synapse/db';
import { createToolsRuntime, type StdioServerEntry, type ToolsRuntime } from '@synapse/tools';
import { createSecurity, type Security, type SecurityOptions } from './auth/createSecurity';
import { createAnalyticsService } from './history/createAnalyticsService';
import { createTemplateService } from './history/createTemplateService';
import { readWorkflowNames } from './history/createWorkflowFromGraph';
import { type App, createApp } from './http/createApp';
import type { Logger } from './logger';
import { collectSystemStatus, type SystemStatus } from './metrics/collectSystemStatus';
import { createServerMetrics, type ServerMetrics } from './metrics/createServerMetrics';
import { type InstrumentedStore, instrumentDocumentStore } from './metrics/instrumentDocumentStore';
import { createApprovalService } from './runs/createApprovalService';
import { createRunApi } from './runs/createRunApi';
import { createRunService } from './runs/createRunService';
import {
  createScheduleService,
  type ScheduleService,
  type ScheduleTicks,
} from './schedules/createScheduleService';
import {
  createDurablePersistence,
  type DurablePersistence,
  defaultCompactionPolicy,
} from './sync/createDurablePersistence';
import type { RedisHealth, RedisSync } from './sync/createRedisSync';
import { createSyncServer } from './sync/createSyncServer';
import type { SyncContext } from './sync/SyncContext';
import { createMcpServerService } from './tools/createMcpServerService';
import { createMemoryService } from './tools/createMemoryService';
import { createWorkflowToolService } from './tools/createWorkflowToolService';
import { createVersionService } from './versions/createVersionService';
import { createWebhookService } from './webhooks/createWebhookService';

export interface ComposeServerOptions
  extends Pick<
    SecurityOptions,
    | 'secret'
    | 'masterKeys'
    | 'lookup'
    | 'openSignup'
    | 'cookies'
    | 'allowedOrigins'
    | 'syncTokenTtlMs'
    | 'rateLimits'
    | 'redis'
    | 'sso'
    | 'devAuth'
  > {
  database: Database;
  addressPolicy: AddressPolicy;
  /** Wraps the document store (tests inject slow or failing storage through this). */
  decorateStore?: (store: DocumentStore) => DocumentStore;
  maxDocumentBytes: number;
  /** Servers share every document through this Redis (ADR 0015); absent: one server, no Redis. */
  redisUrl?: string;
  /** Sync extensions run after authentication and before persistence. */
  syncExtensions?: (security: Security) => Extension<SyncContext>[];
  /**
   * Hands a run to the runners: the job queue in the server, a list in route tests. With `id`, a job with
   * that id already queued makes the send a no-op (approval resumes, resumeDecidedRuns).
   */
  enqueue(job: RunJob, options?: { id: string }): Promise<void>;
  /** Tells the runner holding a run to abort it. */
  notifyCancel(runId: string): Promise<void>;
  /** Where schedules' ticks come from: pg-boss in the server, a recorder in route tests. */
  scheduleTicks: ScheduleTicks;
  runDeadlineMs?: number;
  /** How long a `respond: 'wait'` webhook delivery waits for its run (default WEBHOOK_WAIT_MS). */
  webhookWaitMs?: number;
  stdioServers: readonly StdioServerEntry[];
  logger: Logger;
  now(): number;
  version: string;
  /** Host names served besides IP literals and localhost (see createApp). */
  allowedHosts?: readonly string[];
}

export interface ComposedServer {
  security: Security;
  metrics: ServerMetrics;
  store: InstrumentedStore;
  persistence: DurablePersistence;
  sync: Hocuspocus<SyncContext>;
  /** The link to the other servers when REDIS_URL is set (closed by whoever composed it). */
  redis: RedisSync | null;
  /** What /api/system/health and /metrics report. */
  systemStatus(): Promise<SystemStatus>;
  app: App;
  /** MCP client pool and workspace toolboxes (closed by whoever composed them). */
  tools: ToolsRuntime;
  /** Schedules: the server's pg-boss worker hands each tick to `fire`. */
  schedules: ScheduleService;
}

/**
 * The server's services and its HTTP API over one open, migrated database, without sockets: what
 * startServer serves, and what the route tests call through `app.request()`
 * (apps/server/src/http/test/createTestApp.ts), so both are composed the same way.
 */
export async function composeServer(options: ComposeServerOptions): Promise<ComposedServer> {
  const { database, logger, now } = options;
  const sql = database.sql;
  const security = await createSecurity({
    database,
    secret: options.secret,
    masterKeys: options.masterKeys,
    addressPolicy: options.addressPolicy,
    lookup: options.lookup,
    openSignup: options.openSignup,
    cookies: options.cookies,
    allowedOrigins: options.allowedOrigins,
    syncTokenTtlMs: options.syncTokenTtlMs,
    rateLimits: options.rateLimits,
    redis: options.redis,
    sso: options.sso,
    devAuth: options.devAuth,
    logger,
    now,
  });
  // Measured from outside the persistence extension: commit latency, rows in flight (/metrics).
  const metrics = createServerMetrics();
  const documentStore = createDocumentStore(sql, {
    onVacuumError: (error) => logger.warn({ err: error }, 'vacuum after compaction failed'),
  });
  const store = instrumentDocumentStore((options.decorateStore ?? ((s) => s))(documentStore), {
    observer: metrics.commits,
  });
  // Imported only with Redis configured: ioredis and the Hocuspocus extension stay unloaded otherwise.
  const redis = options.redisUrl
    ? (await import('./sync/createRedisSync')).createRedisSync({
        url: options.redisUrl,
        logger,
        observer: metrics.redis,
        catchUp: (name, document) => persistence.catchUp(name, document),
      })
    : null;
  const persistence = createDurablePersistence({
    store: store.store,
    maxDocumentBytes: options.maxDocumentBytes,
    logger,
    compaction: defaultCompactionPolicy(sql.driver),
    ...(redis ? { publish: redis.publish } : {}),
  });
  const sync = createSyncServer({
    persistence,
    members: security.members,
    authenticate: (token) => security.auth.authenticateSyncToken(token),
    twoFactorAllows: (principal, workspaceId) => security.deps.twoFactor.allows(principal, workspaceId),
    logger,
    extensions: [...(options.syncExtensions?.(security) ?? []), ...(redis ? [redis.extension] : [])],
  });
  await security.attachSync(sync);
  const statusRepo = createSystemStatusRepo(sql);
  const webhooks = createWebhooksRepo(sql, { masterKeys: options.masterKeys });
  // Webhooks made before migration 0017 kept their signing secret in plain text: sealed once, here.
  const { sealed } = await webhooks.sealPlaintextSecrets();
  if (sealed > 0) logger.info({ sealed }, 'sealed the plaintext signing secrets of older webhooks');
  const systemStatus = () =>
    collectSystemStatus({ repo: statusRepo, sync, persistence: () => store.stats(), now });
  const { app, tools, schedules } = composeApp({
    ...options,
    security,
    sync,
    persistence,
    webhooks,
    systemStatus,
    checkDatabase: () => statusRepo.ping(),
    ...(redis ? { redisHealth: redis.health } : {}),
  });
  return { security, metrics, store, persistence, sync, redis, systemStatus, app, tools, schedules };
}

interface ComposeAppOptions {
  database: Database;
  security: Security;
  sync: Hocuspocus<SyncContext>;
  persistence: DurablePersistence;
  webhooks: WebhooksRepo;
  enqueue(job: RunJob, options?: { id: string }): Promise<void>;
  notifyCancel(runId: string): Promise<void>;
  scheduleTicks: ScheduleTicks;
  runDeadlineMs?: number;
  webhookWaitMs?: number;
  stdioServers: readonly StdioServerEntry[];
  addressPolicy: AddressPolicy;
  lookup?: LookupAddresses;
  systemStatus(): Promise<SystemStatus>;
  checkDatabase(): Promise<void>;
  redisHealth?: () => RedisHealth;
  logger: Logger;
  now(): number;
  version: string;
  allowedHosts?: readonly string[];
}

function composeApp(options: ComposeAppOptions): {
  app: App;
  tools: ToolsRuntime;
  schedules: ScheduleService;
} {
  const { database, security, sync, persistence, logger, now } = options;
  const sql = database.sql;
  const versionRepo = createVersionRepo(sql);
  const publishedRepo = createPublishedVersionRepo(sql);
  const runs = createRunService({
    sync,
    persistence,
    runs: createRunsRepo(sql),
    versions: versionRepo,
    published: publishedRepo,
    enqueue: options.enqueue,
    notifyCancel: options.notifyCancel,
    runDeadlineMs: options.runDeadlineMs,
    now,
    logger,
    audit: security.audit,
    subworkflowRuns: createSubworkflowRunsRepo(sql),
  });
  const toolsOptions = {
    sql,
    keyStore: security.keyStore,
    stdioServers: options.stdioServers,
    addressPolicy: options.addressPolicy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  const tools = createToolsRuntime(toolsOptions);
  const runHistory = createRunHistoryRepo(sql);
  const runApi = createRunApi({ runs, sync, idempotency: createRunIdempotencyRepo(sql), now });
  const schedules = createScheduleService({
    repo: createSchedulesRepo(sql),
    ticks: options.scheduleTicks,
    runApi,
    members: security.members,
    audit: security.audit,
    logger,
    now,
  });

  const app = createApp({
    members: security.members,
    resolveSession: (c) => security.resolveSession(c),
    audit: security.audit,
    security: security.deps,
    checkDatabase: options.checkDatabase,
    redisHealth: options.redisHealth,
    runs,
    runApi,
    approvals: createApprovalService({
      sync,
      persistence,
      runs: createRunsRepo(sql),
      versions: versionRepo,
      approvals: createRunApprovalsRepo(sql),
      enqueue: options.enqueue,
      now,
      logger,
      audit: security.audit,
    }),
    webhooks: createWebhookService({
      repo: options.webhooks,
      runApi,
      ...(options.webhookWaitMs !== undefined ? { waitMs: options.webhookWaitMs } : {}),
      members: security.members,
      audit: security.audit,
      logger,
      now,
    }),
    schedules,
    apiTokens: security.apiTokens,
    versions: createVersionService({
      sync,
      versions: versionRepo,
      published: publishedRepo,
      now,
      logger,
      audit: security.audit,
    }),
    history: {
      runHistory,
      analytics: createAnalyticsService({
        history: runHistory,
        memoryUsage: createMemoryUsageRepo(sql),
        workflowNames: (workspaceId) => readWorkflowNames(sync, workspaceId),
      }),
      templates: createTemplateService({ sync, persistence, now }),
      systemStatus: options.systemStatus,
    },
    logger,
    version: options.version,
    allowedHosts: options.allowedHosts,
    tools: {
      mcpServers: createMcpServerService({ ...toolsOptions, audit: security.audit, runtime: tools, now }),
      memory: createMemoryService({ sql, audit: security.audit, now }),
      workflowTools: createWorkflowToolService({
        sql,
        sync,
        runs,
        audit: security.audit,
        tokenAuth: security.apiTokens,
        members: security.members,
        now,
      }),
    },
  });
  return { app, tools, schedules };
}
