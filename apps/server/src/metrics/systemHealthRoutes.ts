import { createRoute, z } from '@hono/zod-openapi';
import { type SystemHealth, SystemHealthSchema } from '@synapse/schema/api';
import { streamSSE } from 'hono/streaming';
import type { App } from '../http/createApp';
import { errorResponses } from '../http/schemas';
import type { SystemStatus } from './collectSystemStatus';
import { createHealthFeed } from './createHealthFeed';

const systemHealth = createRoute({
  method: 'get',
  path: '/api/system/health',
  summary: 'Database, run queue, runners, sync and persistence at a glance',
  responses: {
    200: { description: 'Status', content: { 'application/json': { schema: SystemHealthSchema } } },
    ...errorResponses,
  },
});

const systemHealthStream = createRoute({
  method: 'get',
  path: '/api/system/health/stream',
  summary: 'The same status as Server-Sent Events: `health` events, at once and whenever it changes',
  responses: {
    200: {
      description: 'An event stream; each `health` event carries a SystemHealth as JSON',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

/** How often the shared sampler reads the status while a Health page is open. */
const SAMPLE_MS = 2000;
/** A snapshot at least this often, so "checked …" stays current and proxies see traffic. */
const REFRESH_MS = 15_000;
/**
 * A stream ends after this long; EventSource reconnects by itself, and the reconnect passes the access
 * check again, so a signed-out or demoted administrator stops receiving figures.
 */
const STREAM_MAX_MS = 5 * 60_000;

/** `degraded` when the database is down, an update has waited over 5 s for its commit, or the queue looks stalled. */
export function overallStatus(s: SystemStatus): 'ok' | 'degraded' {
  return !s.database.ok || s.runners?.stalled || s.persistence.oldestInflightMs > 5000 ? 'degraded' : 'ok';
}

/** The API's view of the collected status. */
export function toSystemHealth(s: SystemStatus): SystemHealth {
  const p = s.persistence;
  return {
    status: overallStatus(s),
    checkedAt: s.checkedAt,
    database: { ok: s.database.ok, latencyMs: s.database.latencyMs },
    queue: s.queue,
    runs: s.runs,
    runners: s.runners,
    sync: s.sync,
    persistence: {
      inflightRows: p.inflightRows,
      oldestInflightMs: Math.round(p.oldestInflightMs),
      committedRows: p.committedRows,
      commits: p.commits,
      failures: p.failures,
      lastCommitMs: p.lastCommitMs === null ? null : Math.round(p.lastCommitMs * 100) / 100,
      meanCommitMs: p.commits === 0 ? null : Math.round((p.commitSecondsSum / p.commits) * 100_000) / 100,
    },
  };
}

export function registerSystemHealthRoutes(
  app: App,
  deps: { systemStatus(): Promise<SystemStatus>; streamMaxMs?: number },
): void {
  app.openapi(systemHealth, async (c) => c.json(toSystemHealth(await deps.systemStatus()), 200));

  const feed = createHealthFeed({
    read: async () => toSystemHealth(await deps.systemStatus()),
    sampleMs: SAMPLE_MS,
    refreshMs: REFRESH_MS,
  });
  // The route's rule (routeAccess.ts) is the same `install` rule as the snapshot's.
  app.openapi(systemHealthStream, (c) =>
    streamSSE(c, async (stream) => {
      let unsubscribe = () => {};
      let end = () => {};
      const ended = new Promise<void>((resolve) => {
        end = resolve;
      });
      stream.onAbort(() => end());
      const timer = setTimeout(end, deps.streamMaxMs ?? STREAM_MAX_MS);
      unsubscribe = feed.subscribe((health) => {
        stream.writeSSE({ event: 'health', data: JSON.stringify(health) }).catch(end);
      });
      try {
        await ended;
      } finally {
        clearTimeout(timer);
        unsubscribe();
      }
    }),
  );
}
