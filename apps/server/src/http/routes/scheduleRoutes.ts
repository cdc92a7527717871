import { createRoute, z } from '@hono/zod-openapi';
import {
  CreateScheduleBodySchema,
  ScheduleFiringListSchema,
  ScheduleListSchema,
  SchedulePreviewQuerySchema,
  SchedulePreviewSchema,
  ScheduleResponseSchema,
  UpdateScheduleBodySchema,
} from '@synapse/schema/api';
import type { ScheduleService } from '../../schedules/createScheduleService';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const workflowParams = z.object({ workspaceId: Id, workflowId: Id });
const scheduleParams = workflowParams.extend({ scheduleId: Id });
const BASE = '/api/workspaces/{workspaceId}/workflows/{workflowId}/schedules';

const createSchedule = createRoute({
  method: 'post',
  path: BASE,
  summary: "A cron schedule that runs the workflow's published version as you",
  request: {
    params: workflowParams,
    body: { required: true, content: { 'application/json': { schema: CreateScheduleBodySchema } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ScheduleResponseSchema } } },
    ...errorResponses,
  },
});

const listSchedules = createRoute({
  method: 'get',
  path: BASE,
  summary: "The workflow's schedules, each with its next ticks",
  request: { params: workflowParams },
  responses: {
    200: { description: 'Schedules', content: { 'application/json': { schema: ScheduleListSchema } } },
    ...errorResponses,
  },
});

const previewSchedule = createRoute({
  method: 'get',
  path: `${BASE}/preview`,
  summary: 'The next ticks of a cron expression in a time zone, before saving it',
  request: { params: workflowParams, query: SchedulePreviewQuerySchema },
  responses: {
    200: { description: 'Next ticks', content: { 'application/json': { schema: SchedulePreviewSchema } } },
    ...errorResponses,
  },
});

const updateSchedule = createRoute({
  method: 'patch',
  path: `${BASE}/{scheduleId}`,
  summary: 'Change a schedule; `paused` pauses or resumes it',
  request: {
    params: scheduleParams,
    body: { required: true, content: { 'application/json': { schema: UpdateScheduleBodySchema } } },
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: ScheduleResponseSchema } } },
    ...errorResponses,
  },
});

const deleteSchedule = createRoute({
  method: 'delete',
  path: `${BASE}/{scheduleId}`,
  summary: 'Delete a schedule: no tick fires from now on',
  request: { params: scheduleParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const listFirings = createRoute({
  method: 'get',
  path: `${BASE}/{scheduleId}/firings`,
  summary: "A schedule's last 50 ticks, newest first: started (with the run), skipped, refused or failed",
  request: { params: scheduleParams },
  responses: {
    200: { description: 'Firings', content: { 'application/json': { schema: ScheduleFiringListSchema } } },
    ...errorResponses,
  },
});

/**
 * Schedules ([triggers] issue 14): editors manage a workflow's cron schedules, members list them and their
 * firings. Ticks come from pg-boss (ADR 0018). Guide: docs/run-api.md#schedules.
 */
export function registerScheduleRoutes(app: App, schedules: ScheduleService): void {
  app.openapi(createSchedule, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    const schedule = await schedules.create(c.get('principal'), workspaceId, workflowId, c.req.valid('json'));
    return c.json({ schedule }, 201);
  });

  app.openapi(listSchedules, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    return c.json({ schedules: await schedules.list(workspaceId, workflowId) }, 200);
  });

  app.openapi(previewSchedule, async (c) => {
    const { cron, timezone } = c.req.valid('query');
    return c.json({ nextRuns: schedules.preview(cron, timezone) }, 200);
  });

  app.openapi(updateSchedule, async (c) => {
    const { workspaceId, workflowId, scheduleId } = c.req.valid('param');
    const schedule = await schedules.update(
      c.get('principal'),
      workspaceId,
      workflowId,
      scheduleId,
      c.req.valid('json'),
    );
    return c.json({ schedule }, 200);
  });

  app.openapi(deleteSchedule, async (c) => {
    const { workspaceId, workflowId, scheduleId } = c.req.valid('param');
    await schedules.remove(c.get('principal'), workspaceId, workflowId, scheduleId);
    return c.body(null, 204);
  });

  app.openapi(listFirings, async (c) => {
    const { workspaceId, workflowId, scheduleId } = c.req.valid('param');
    return c.json({ firings: await schedules.firings(workspaceId, workflowId, scheduleId) }, 200);
  });
}
