import { createRoute, z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import { AnalyticsReportSchema, MemoryUsageReportSchema } from '@synapse/schema/api';
import type { HistoryDeps } from '../../history/HistoryDeps';
import type { App } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponses, Id } from '../schemas';

const DAY_MS = 86_400_000;
/** One query covers at most this long (the page offers up to 90 days; scripts may ask for a year). */
const MAX_RANGE_MS = 366 * DAY_MS;
const DEFAULT_RANGE_MS = 30 * DAY_MS;

const rangeQuery = {
  from: z.coerce
    .number()
    .int()
    .min(0)
    .max(8.64e15)
    .optional()
    .openapi({ description: 'Epoch ms; default to − 30 days' }),
  to: z.coerce
    .number()
    .int()
    .min(0)
    .max(8.64e15)
    .optional()
    .openapi({ description: 'Epoch ms, exclusive; default now' }),
};

const analytics = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/analytics',
  summary: 'Runs, success, tokens, cost and latency per workflow and per model, by day and in total',
  request: { params: z.object({ workspaceId: Id }), query: z.object(rangeQuery) },
  responses: {
    200: {
      description: 'Usage',
      content: {
        'application/json': { schema: AnalyticsReportSchema },
      },
    },
    ...errorResponses,
  },
});

const analyticsCsv = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/analytics.csv',
  summary: 'The daily usage as CSV, per workflow or per model',
  request: {
    params: z.object({ workspaceId: Id }),
    query: z.object({ ...rangeQuery, groupBy: z.enum(['workflow', 'model', 'memory']).default('workflow') }),
  },
  responses: {
    200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses,
  },
});

const memoryUsage = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/analytics/memory',
  summary:
    "Agents' memory bank use: reads, reads that found something and writes per day and workflow, top entries",
  request: {
    params: z.object({ workspaceId: Id }),
    query: z.object({
      ...rangeQuery,
      workflowId: Id.optional().openapi({ description: 'Only this workflow' }),
    }),
  },
  responses: {
    200: {
      description: 'Memory usage',
      content: { 'application/json': { schema: MemoryUsageReportSchema } },
    },
    ...errorResponses,
  },
});

function range(q: { from?: number; to?: number }, now: number): { from: number; to: number } {
  const to = q.to ?? now;
  const from = q.from ?? to - DEFAULT_RANGE_MS;
  if (from >= to) throw new HttpError(400, ErrorCodes.invalidRequest, '`from` must be before `to`');
  if (to - from > MAX_RANGE_MS)
    throw new HttpError(400, ErrorCodes.invalidRequest, 'the range may cover at most 366 days');
  return { from, to };
}

export function registerAnalyticsRoutes(app: App, deps: { history: HistoryDeps; now?: () => number }): void {
  const now = deps.now ?? Date.now;
  app.openapi(analytics, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { from, to } = range(c.req.valid('query'), now());
    return c.json(await deps.history.analytics.report(workspaceId, from, to), 200);
  });

  app.openapi(memoryUsage, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { from, to } = range(q, now());
    return c.json(await deps.history.analytics.memory(workspaceId, from, to, q.workflowId), 200);
  });

  app.openapi(analyticsCsv, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { from, to } = range(q, now());
    const body = await deps.history.analytics.csv(workspaceId, q.groupBy, from, to);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="synapse-${workspaceId}-by-${q.groupBy}-${day(from)}-${day(to)}.csv"`,
    });
  });
}
