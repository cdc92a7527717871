import { createRoute } from '@hono/zod-openapi';
import { SystemHealthSchema } from '@synapse/schema/api';
import type { App } from '../http/createApp';
import { errorResponses } from '../http/schemas';
import type { SystemStatus } from './collectSystemStatus';

const systemHealth = createRoute({
  method: 'get',
  path: '/api/system/health',
  summary: 'Database, run queue, runners, sync and persistence at a glance',
  responses: {
    200: { description: 'Status', content: { 'application/json': { schema: SystemHealthSchema } } },
    ...errorResponses,
  },
});

/** `degraded` when the database is down, an update has waited over 5 s for its commit, or the queue looks stalled. */
export function overallStatus(s: SystemStatus): 'ok' | 'degraded' {
  return !s.database.ok || s.runners?.stalled || s.persistence.oldestInflightMs > 5000 ? 'degraded' : 'ok';
}

export function registerSystemHealthRoutes(app: App, deps: { systemStatus(): Promise<SystemStatus> }): void {
  app.openapi(systemHealth, async (c) => {
    const s = await deps.systemStatus();
    const p = s.persistence;
    return c.json(
      {
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
      },
      200,
    );
  });
}
