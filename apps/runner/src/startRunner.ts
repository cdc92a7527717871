import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createRunsRepo,
  createVersionRepo,
  type Database,
  openDatabase,
  openJobQueue,
  RUN_QUEUE,
  type RunJob,
} from '@synapse/db';
import { type ChatModelProvider, createLocalModel } from '@synapse/providers';
import { RUNNER_ORIGIN, runDocName, signSyncToken, updateRunMeta, type WorkflowGraph } from '@synapse/schema';
import { Hono } from 'hono';
import type { PgBoss } from 'pg-boss';
import pino, { type Logger } from 'pino';
import type { RunnerConfig } from './config';
import { createMetrics } from './createMetrics';
import { executeRun } from './executeRun';
import { openRunDocument } from './openRunDocument';

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
  const versions = createVersionRepo(database.sql);
  const providers = new Map(
    (options.providers ?? [createLocalModel({ tokenDelayMs: options.localModelTokenDelayMs })]).map((p) => [
      p.id,
      p,
    ]),
  );
  const metrics = createMetrics();
  const active = new Map<string, AbortController>();
  const token = () =>
    signSyncToken(
      { sub: 'runner', kind: 'service', name: 'Synapse runner', exp: now() + SERVICE_TOKEN_TTL_MS },
      options.secret,
    );

  async function handle(job: RunJob): Promise<void> {
    const run = await runs.get(job.runId);
    if (!run) {
      logger.warn({ runId: job.runId }, 'run job for an unknown run; dropping it');
      return;
    }
    if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') return;
    const version = await versions.get(run.versionId);
    if (!version) throw new Error(`run ${run.id}: version ${run.versionId} is missing`);
    // If the document cannot be opened the job fails and pg-boss retries it; nothing is counted as active.
    const writer = await openRunDocument({
      syncUrl: options.syncUrl,
      documentName: runDocName(run.workspaceId, run.id),
      token,
    });
    const controller = new AbortController();
    active.set(run.id, controller);
    metrics.activeRuns(1);
    const log = logger.child({ runId: run.id, workflowId: run.workflowId });
    try {
      const startedAt = now();
      await runs.update(run.id, { status: 'running', startedAt });
      writer.update((doc) => updateRunMeta(doc, { status: 'running', startedAt }, RUNNER_ORIGIN));
      log.info('run started');
      const outcome = await executeRun({
        graph: version.graph as WorkflowGraph,
        inputs: run.inputs,
        providers,
        writer,
        signal: controller.signal,
        concurrency: options.nodeConcurrency,
        now,
      });
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
          { status: outcome.status, finishedAt, totals, ...(outcome.error ? { error: outcome.error } : {}) },
          RUNNER_ORIGIN,
        ),
      );
      // The row turns terminal only once the document's final state is durable.
      await writer.whenAcknowledged();
      await runs.update(run.id, {
        status: outcome.status,
        error: outcome.error,
        finishedAt,
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
      });
      metrics.runFinished(outcome.status);
      log.info({ status: outcome.status, ms: finishedAt - startedAt }, 'run finished');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'run crashed');
      writer.update((doc) =>
        updateRunMeta(doc, { status: 'failed', finishedAt: now(), error: message }, RUNNER_ORIGIN),
      );
      await writer.whenAcknowledged(5000).catch(() => undefined);
      await runs.update(run.id, { status: 'failed', error: message, finishedAt: now() });
      metrics.runFinished('failed');
    } finally {
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
    app.get('/metrics', (c) =>
      c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
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
      for (const controller of active.values()) controller.abort();
      if (ownsQueue) await queue.stop({ graceful: true, close: true, timeout: 5000 }).catch(() => undefined);
      else await queue.offWork(RUN_QUEUE).catch(() => undefined);
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      if (ownsDatabase) await database.close();
    },
  };
}
