import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createCheckpointRepo,
  createGuardedFetch,
  createProviderKeyStore,
  createRunsRepo,
  createVersionRepo,
  type Database,
  DEFAULT_ADDRESS_POLICY,
  openDatabase,
  openJobQueue,
  RUN_CANCEL_CHANNEL,
  RUN_QUEUE,
  type RunJob,
} from '@synapse/db';
import {
  type ChatModelProvider,
  createCircuitBreaker,
  createLocalModel,
  createModelRouter,
  createProviderRegistry,
  estimateCost,
  type ProviderCredentials,
  type RouterPolicyOverrides,
} from '@synapse/providers';
import { RUNNER_ORIGIN, runDocName, signSyncToken, updateRunMeta, type WorkflowGraph } from '@synapse/schema';
import { createToolsRuntime } from '@synapse/tools';
import { Hono } from 'hono';
import type { PgBoss } from 'pg-boss';
import pino, { type Logger } from 'pino';
import type { CallModel, NodeMemory, NodeToolbox } from './callModel';
import type { RunnerConfig } from './config';
import { createCallModel } from './createCallModel';
import { createMetrics } from './createMetrics';
import { createSemaphore } from './createSemaphore';
import { executeRun } from './executeRun';
import { openRunDocument } from './openRunDocument';
import { sweepOverdueRuns } from './sweepOverdueRuns';
import { watchRun } from './watchRun';

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
  /** A workspace's stored key for a provider (the encrypted key store); none means only `providers`. */
  credentials?: (workspaceId: string, providerId: string) => Promise<ProviderCredentials | null>;
  /** Retry/backoff/timeout defaults for every model call (tests shorten the backoff). */
  routerPolicy?: RouterPolicyOverrides;
  /** Node executions plus model attempts one run may take. */
  maxSteps?: number;
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

/** The runner is stopping: the run is left to be resumed elsewhere, not marked finished. */
class RunInterrupted extends Error {
  constructor() {
    super('the runner stopped before the run finished; it will be resumed');
    this.name = 'RunInterrupted';
  }
}

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
  const versions = createVersionRepo(database.sql);
  const providers = new Map(
    (options.providers ?? [createLocalModel({ tokenDelayMs: options.localModelTokenDelayMs })]).map((p) => [
      p.id,
      p,
    ]),
  );
  const metrics = createMetrics();
  const active = new Map<string, AbortController>();
  const serviceToken = () =>
    signSyncToken(
      { sub: 'runner', kind: 'service', name: 'Synapse runner', exp: now() + SERVICE_TOKEN_TTL_MS },
      options.secret,
    );

  const runnerId = options.runnerId ?? `runner-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const checkpoints = createCheckpointRepo(database.sql);
  const slots = createSemaphore(
    options.nodeSlots ?? Math.max(options.nodeConcurrency, options.concurrency * 4),
  );
  const breaker = createCircuitBreaker({ now });
  // Workspace keys: given by the embedding process, else decrypted from the store with the master keyring.
  const keyStore = options.masterKeys
    ? createProviderKeyStore(database.sql, { masterKeys: options.masterKeys })
    : null;
  const credentials =
    options.credentials ??
    (keyStore
      ? async (workspaceId: string, providerId: string) => {
          const key = await keyStore.resolve(workspaceId, providerId);
          return key ? { apiKey: key.apiKey, baseURL: key.baseUrl } : null;
        }
      : undefined);
  // Base URLs are user-supplied: connect only to addresses the operator's policy allows, pinned per request.
  const guardedFetch = createGuardedFetch({ policy: options.addressPolicy ?? DEFAULT_ADDRESS_POLICY });
  // One registry per run: keys are read when the run needs them, so a key deleted or replaced in the
  // workspace is not used by any run that starts afterwards.
  const registryFor = (workspaceId: string) =>
    createProviderRegistry({
      credentials: (providerId) =>
        credentials ? credentials(workspaceId, providerId) : Promise.resolve(null),
      local: { tokenDelayMs: options.localModelTokenDelayMs },
      fetch: guardedFetch,
    });
  // Tools and memory of a standalone runner: the same stored servers, allow-list and policy the server uses.
  const ownTools =
    options.toolboxFor && options.memoryFor
      ? null
      : createToolsRuntime({
          sql: database.sql,
          keyStore,
          stdioServers: options.mcpStdioServers ?? [],
          addressPolicy: options.addressPolicy ?? DEFAULT_ADDRESS_POLICY,
        });
  const toolboxFor = options.toolboxFor ?? ownTools?.toolboxFor;
  const memoryFor = options.memoryFor ?? ownTools?.memoryFor;
  const callModelFor = (workspaceId: string) => {
    const registry = registryFor(workspaceId);
    return createCallModel(
      createModelRouter({
        resolveProvider: (id) => providers.get(id) ?? registry.get(id),
        breaker,
        policy: options.routerPolicy,
        now,
      }),
      toolboxFor?.(workspaceId),
    );
  };

  const withMemory = (callModel: CallModel, workspaceId: string, runId: string): CallModel => {
    if (memoryFor) callModel.memory = memoryFor(workspaceId, runId);
    return callModel;
  };

  const stopCancelListener = await database.sql.listen(RUN_CANCEL_CHANNEL, (runId) =>
    active.get(runId)?.abort('cancelled'),
  );

  const openDocument = (documentName: string) =>
    openRunDocument({ syncUrl: options.syncUrl, documentName, token: serviceToken });
  const sweepEvery = options.sweepIntervalMs ?? 30_000;
  let sweeping = false;
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          sweepOverdueRuns({ runs, runnerId, openDocument, graceMs: 60_000, now, logger })
            .catch((error: unknown) => logger.warn({ err: error }, 'overdue-run sweep failed'))
            .finally(() => {
              sweeping = false;
            });
        }, sweepEvery)
      : null;
  sweeper?.unref();

  async function handle(job: RunJob): Promise<void> {
    const claim = await runs.claim(job.runId, runnerId, now());
    if (!claim) return; // finished, cancelled while queued, or unknown: nothing to do
    const { run, token, resumed } = claim;
    const version = await versions.get(run.versionId);
    if (!version) throw new Error(`run ${run.id}: version ${run.versionId} is missing`);
    // If the document cannot be opened the job fails and pg-boss retries it; nothing is counted as active.
    const writer = await openDocument(runDocName(run.workspaceId, run.id));
    const controller = new AbortController();
    active.set(run.id, controller);
    metrics.activeRuns(1);
    const log = logger.child({ runId: run.id, workflowId: run.workflowId, token });
    const watch = watchRun({
      runs,
      runId: run.id,
      token,
      deadlineAt: run.deadlineAt,
      controller,
      now,
      onError: (error) => log.warn({ err: error }, 'fence check failed'),
    });
    // A cancel requested before this runner listened (or while no runner held the run) still applies.
    if (run.cancelRequestedAt !== null) controller.abort('cancelled');
    try {
      const startedAt = run.startedAt ?? now();
      writer.update((doc) => updateRunMeta(doc, { status: 'running', startedAt }, RUNNER_ORIGIN));
      const reused = resumed ? await checkpoints.list(run.id) : [];
      log.info({ resumed, reusedNodes: reused.length }, resumed ? 'run resumed' : 'run started');
      const outcome = await executeRun({
        graph: version.graph as WorkflowGraph,
        inputs: run.inputs,
        callModel: withMemory(callModelFor(run.workspaceId), run.workspaceId, run.id),
        writer,
        signal: controller.signal,
        concurrency: options.nodeConcurrency,
        runnerSlots: slots,
        checkpoints: new Map(reused.map((c) => [c.nodeId, c])),
        checkpoint: (c) => checkpoints.save(run.id, token, c),
        maxSteps: options.maxSteps,
        estimateCost,
        now,
      });
      if (controller.signal.reason === 'shutdown') throw new RunInterrupted();
      if (controller.signal.reason === 'fenced') {
        log.warn('another runner took over this run; stopping without further writes');
        return;
      }
      const finishedAt = now();
      const totals = {
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        nodesSucceeded: outcome.nodesSucceeded,
        nodesFailed: outcome.nodesFailed,
      };
      writer.update((doc) =>
        updateRunMeta(
          doc,
          {
            status: outcome.status,
            finishedAt,
            totals,
            ...(outcome.costUsd !== null ? { cost: outcome.costUsd } : {}),
            ...(outcome.error ? { error: outcome.error } : {}),
          },
          RUNNER_ORIGIN,
        ),
      );
      // The row turns terminal only once the document's final state is durable.
      await writer.whenAcknowledged();
      await runs.updateFenced(run.id, token, {
        status: outcome.status,
        error: outcome.error,
        finishedAt,
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        costUsd: outcome.costUsd,
      });
      metrics.runFinished(outcome.status);
      log.info({ status: outcome.status, ms: finishedAt - startedAt }, 'run finished');
    } catch (error) {
      // pg-boss re-delivers the job; the next runner reuses the checkpoints.
      if (error instanceof RunInterrupted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'run crashed');
      if ((await runs.get(run.id))?.fencingToken === token) {
        writer.update((doc) =>
          updateRunMeta(doc, { status: 'failed', finishedAt: now(), error: message }, RUNNER_ORIGIN),
        );
        await writer.whenAcknowledged(5000).catch(() => undefined);
        await runs.updateFenced(run.id, token, { status: 'failed', error: message, finishedAt: now() });
      }
      metrics.runFinished('failed');
    } finally {
      watch.stop();
      active.delete(run.id);
      metrics.activeRuns(-1);
      await writer.close();
    }
  }

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
      if (sweeper) clearInterval(sweeper);
      await stopCancelListener().catch(() => undefined);
      for (const controller of active.values()) controller.abort('shutdown');
      if (ownsQueue) await queue.stop({ graceful: true, close: true, timeout: 5000 }).catch(() => undefined);
      else await queue.offWork(RUN_QUEUE).catch(() => undefined);
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      await ownTools?.close().catch(() => undefined);
      if (ownsDatabase) await database.close();
    },
  };
}
