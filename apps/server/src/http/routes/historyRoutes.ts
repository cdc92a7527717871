import { createRoute, z } from '@hono/zod-openapi';
import { RUN_STATUSES } from '@synapse/schema';
import { RunCursorSchema, RunListSchema, RunPageSchema } from '@synapse/schema/api';
import type { HistoryDeps } from '../../history/HistoryDeps';
import { toRunView } from '../../runs/createRunService';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const EpochMs = z.coerce.number().int().min(0).max(8.64e15);

const listWorkspaceRuns = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/runs',
  summary: 'Every run of the workspace, newest first, filtered, in keyset pages',
  request: {
    params: z.object({ workspaceId: Id }),
    query: z.object({
      workflowId: Id.optional(),
      status: z.enum(RUN_STATUSES as [string, ...string[]]).optional(),
      requestedBy: z.string().min(1).max(200).optional(),
      from: EpochMs.optional().openapi({ description: 'Created at or after (epoch ms)' }),
      to: EpochMs.optional().openapi({ description: 'Created before (epoch ms)' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: RunCursorSchema.optional(),
    }),
  },
  responses: {
    200: {
      description: 'One page of runs; pass `next` as `before` for the following page',
      content: {
        'application/json': { schema: RunPageSchema },
      },
    },
    ...errorResponses,
  },
});

const latestRuns = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/latest-runs',
  summary: 'The newest run of each workflow that has run, however old (one per workflow)',
  request: { params: z.object({ workspaceId: Id }) },
  responses: {
    200: {
      description: 'One run per workflow, in no particular order',
      content: { 'application/json': { schema: RunListSchema } },
    },
    ...errorResponses,
  },
});

export function registerHistoryRoutes(app: App, deps: { history: HistoryDeps }): void {
  app.openapi(listWorkspaceRuns, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const q = c.req.valid('query');
    let before: { createdAt: number; id: string } | undefined;
    if (q.before) {
      const colon = q.before.indexOf(':');
      before = { createdAt: Number(q.before.slice(0, colon)), id: q.before.slice(colon + 1) };
    }
    const page = await deps.history.runHistory.list({
      workspaceId,
      workflowId: q.workflowId,
      status: q.status,
      requestedBy: q.requestedBy,
      from: q.from,
      to: q.to,
      limit: q.limit,
      before,
    });
    return c.json(
      {
        runs: page.runs.map(toRunView),
        next: page.next ? `${page.next.createdAt}:${page.next.id}` : null,
      },
      200,
    );
  });

  app.openapi(latestRuns, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const runs = await deps.history.runHistory.latestPerWorkflow(workspaceId);
    return c.json({ runs: runs.map(toRunView) }, 200);
  });
}
