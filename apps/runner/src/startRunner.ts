import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  connectRedis,
  createCheckpointRepo,
  createProviderKeyStore,
  createPublishedVersionRepo,
  createRunApprovalsRepo,
  createRunsRepo,
  createSecretsVault,
  createSubworkflowRunsRepo,
  createVersionRepo,
  type Database,
  DEFAULT_RUN_DEADLINE_MS,
  openDatabase,
  openJobQueue,
  type ProviderKeyStore,
  RUN_CANCEL_CHANNEL,
  RUN_QUEUE,
  type RunJob,
} from '@synapse/db';
import {
  type ChatModelProvider,
  createLocalModel,
  estimateCost,
  type ProviderCredentials,
  type RouterPolicyOverrides,
} from '@synapse/providers';
import { signSyncToken } from '@synapse/schema';
import { Hono } from 'hono';
import type { PgBoss } from 'pg-boss';
import pino, { type Logger } from 'pino';
import type { NodeMemory, NodeToolbox } from './callModel';
import type { RunnerConfig } from './config';
import { createJobHandler } from './createJobHandler';
import { createMetrics } from './createMetrics';
import { createRunServices } from './createRunServices';
import { createSemaphore } from './createSemaphore';
import type { SecretsVault } from './http/SecretsVault';
import { openRunDocument } from './openRunDocument';
import { startSweeper } from './sweepOverdueRuns';

export interface RunnerHandle {
  /** The health/metrics URL, when the runner listens on a port. */
  url: string | null;
  stop(): Promise<void>;
}

export interface StartRunnerOptions extends RunnerConfig {
  database?: Database;
  logger?: Logger;
  providers?: ChatModelProvider[];
  /** A queue already open on the same database (embedded mode shares the server's). */
  queue?: PgBoss;
  now?: () => number;
  /** The encrypted key store to read workspace keys from (embedded mode passes the server's). */
  keyStore?: ProviderKeyStore;
  /** A workspace's stored key for a provider (the encrypted key store); none means only `providers`. */
  credentials?: (workspaceId: string, providerId: string) => Promise<ProviderCredentials | null>;
  /** Retry/backoff/timeout defaults for every model call (tests shorten the backoff). */
  routerPolicy?: RouterPolicyOverrides;
  /** Node executions plus model attempts one run may take. */
  maxSteps?: number;
  /** The workspace secrets HTTP request nodes reference; absent: the database vault when `masterKeys` is given. */
  secretsVault?: SecretsVault;
  /** Nodes running at once across every run of this runner. */
  nodeSlots?: number;
  /** Names this runner in run rows (lease owner) and logs. */
  runnerId?: string;
  /** How often overdue runs are looked for (0 turns the sweeper off). */
  sweepIntervalMs?: number;
  /**
   * A workspace's tools (MCP servers, web search) and memory bank, when the embedding process shares
   * its own (embedded mode passes the server's); absent: the runner builds them from its database.
   */
  toolboxFor?: (workspaceId: string) => NodeToolbox;
  memoryFor?: (workspaceId: string, runId: string) => NodeMemory;
}

const SERVICE_TOKEN_TTL_MS = 10 * 60 * 1000;

/** Starts a runner: a pg-boss worker that executes runs and writes them into run documents. */
export async function startRunner(options: StartRunnerOptions): Promise<RunnerHandle> {
  const logger =
    options.logger ??
    pino({
      name: 'synapse-runner',
      level: options.logLevel,
      ...(options.pretty
        ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } }
        : {}),
    });
  const now = options.now ?? Date.now;
  const ownsDatabase = !options.database;
  const database = options.database ?? (await openDatabase({ url: options.databaseUrl }));
  const runs = createRunsRepo(database.sql);
  const metrics = createMetrics();
  const active = new Map<string, AbortController>();
  const serviceToken = () =>
    signSyncToken(
      { sub: 'runner', kind: 'service', name: 'Synapse runner', exp: now() + SERVICE_TOKEN_TTL_MS },
      options.secret,
    );

  // Breakers and key cooldowns shared with every other runner; each outage is logged once.
  const redis = options.redisUrl
    ? connectRedis(options.redisUrl, {
        onDown: (error) =>
          logger.error(
            { err: error },
            'Redis unreachable: provider breakers and key cooldowns are per runner',
          ),
        onUp: () => logger.info('Redis connected: provider breakers and key cooldowns are shared'),
      })
    : null;
  const runnerId = options.runnerId ?? `runner-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const secretsVault =
    options.secretsVault ??
    (options.masterKeys ? createSecretsVault(database.sql, options.masterKeys) : null);
  const services = createRunServices({
    sql: database.sql,
    providers: options.providers ?? [createLocalModel({ tokenDelayMs: options.localModelTokenDelayMs })],
    // Workspace keys: given by the embedding process, else decrypted from the store with the master keyring.
    keyStore:
      options.keyStore ??
      (options.masterKeys ? createProviderKeyStore(database.sql, { masterKeys: options.masterKeys }) : null),
    credentials: options.credentials,
    redis,
    onSharedStateFallback: () => metrics.sharedStateFallback(),
    addressPolicy: options.addressPolicy,
    localModelTokenDelayMs: options.localModelTokenDelayMs,
    routerPolicy: options.routerPolicy,
    now,
    mcpStdioServers: options.mcpStdioServers,
    toolboxFor: options.toolboxFor,
    memoryFor: options.memoryFor,
    // Workspace secrets for HTTP request nodes: given by the embedding process, else the database vault
    // opened with the master keyring (a runner without it cannot decrypt them, so such nodes fail).
    ...(secretsVault ? { secretsVault } : {}),
  });

  const stopCancelListener = await database.sql.listen(RUN_CANCEL_CHANNEL, (runId) =>
    active.get(runId)?.abort('cancelled'),
  );

  const openDocument = (documentName: string) =>
    openRunDocument({ syncUrl: options.syncUrl, documentName, token: serviceToken });
  // Sub-workflow child runs and their parents' resumes (ADR 0024) send run jobs like intake does.
  const subworkflowLinks = createSubworkflowRunsRepo(database.sql);
  const enqueue = async (job: RunJob, jobId?: string) => {
    await queue.send(RUN_QUEUE, job, jobId ? { id: jobId } : {});
  };
  const sweeper = startSweeper({
    subworkflows: { links: subworkflowLinks, enqueue },
    runs,
    runnerId,
    openDocument,
    graceMs: 60_000,
    now,
    logger,
    intervalMs: options.sweepIntervalMs ?? 30_000,
  });

  const versions = createVersionRepo(database.sql);
  const handle = createJobHandler({
    runs,
    versions,
    checkpoints: createCheckpointRepo(database.sql),
    runnerId,
    openDocument,
    servicesFor: services.servicesFor,
    active,
    metrics,
    logger,
    now,
    nodeConcurrency: options.nodeConcurrency,
    runnerSlots: createSemaphore(
      options.nodeSlots ?? Math.max(options.nodeConcurrency, options.concurrency * 4),
    ),
    maxSteps: options.maxSteps,
    estimateCost,
    approvals: {
      repo: createRunApprovalsRepo(database.sql),
      // A delayed run job (pg-boss startAfter), one per node: waiting holds no timer and no runner.
      scheduleTimeout: async (job, at) => {
        await queue.send(RUN_QUEUE, job, {
          startAfter: new Date(at),
          singletonKey: `approval-timeout:${job.runId}:${job.approvalTimeout?.nodeId ?? ''}`,
        });
      },
    },
    subworkflows: {
      links: subworkflowLinks,
      versions,
      published: createPublishedVersionRepo(database.sql),
      enqueue,
      notifyCancel: (runId) => database.sql.notify(RUN_CANCEL_CHANNEL, runId),
      runDeadlineMs: options.runDeadlineMs ?? DEFAULT_RUN_DEADLINE_MS,
    },
  });

  const ownsQueue = !options.queue;
  const queue =
    options.queue ??
    (await openJobQueue(database, {
      url: options.databaseUrl,
      onError: (error) => logger.error({ err: error }, 'job queue error'),
    }));
  await queue.work<RunJob>(
    RUN_QUEUE,
    { localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) await handle(job.data);
    },
  );

  let server: ReturnType<typeof serve> | null = null;
  let url: string | null = null;
  if (options.port !== null) {
    const app = new Hono();
    app.get('/health', (c) => c.json({ status: 'ok', activeRuns: active.size }));
    app.get('/metrics', async (c) =>
      c.text(await metrics.render(), 200, { 'content-type': metrics.contentType }),
    );
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: options.host }, () =>
        resolve(s),
      );
    });
    url = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  }
  logger.info({ url, concurrency: options.concurrency }, 'runner ready');

  return {
    url,
    async stop() {
      sweeper.stop();
      await stopCancelListener().catch(() => undefined);
      for (const controller of active.values()) controller.abort('shutdown');
      if (ownsQueue) await queue.stop({ graceful: true, close: true, timeout: 5000 }).catch(() => undefined);
      else await queue.offWork(RUN_QUEUE).catch(() => undefined);
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await services.close();
      redis?.disconnect();
      if (ownsDatabase) await database.close();
    },
  };
}
