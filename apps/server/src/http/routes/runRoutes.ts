import { createRoute, z } from '@hono/zod-openapi';
import { ErrorBodySchema, RunListSchema, RunResponseSchema, StartRunBodySchema } from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { requireAccess } from '../requireAccess';
import { errorResponses, Id } from '../schemas';

const workflowParams = z.object({ workspaceId: Id, workflowId: Id });

const startRun = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/runs',
  summary: 'Start a run of the workflow as it is now',
  request: {
    params: workflowParams,
    body: {
      required: false,
      content: {
        'application/json': { schema: StartRunBodySchema },
      },
    },
  },
  responses: {
    202: {
      description: 'Queued',
      content: { 'application/json': { schema: RunResponseSchema } },
    },
    ...errorResponses,
    422: {
      description: 'The graph cannot run (cycle, nothing to run)',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

const listRuns = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/runs',
  summary: "The workflow's runs, newest first",
  request: { params: workflowParams },
  responses: {
    200: {
      description: 'Runs',
      content: { 'application/json': { schema: RunListSchema } },
    },
    ...errorResponses,
  },
});

const getRun = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/runs/{runId}',
  summary: 'One run',
  request: { params: z.object({ workspaceId: Id, runId: Id }) },
  responses: {
    200: {
      description: 'The run',
      content: { 'application/json': { schema: RunResponseSchema } },
    },
    ...errorResponses,
  },
});

const cancelRun = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/runs/{runId}/cancel',
  summary: 'Cancel a queued or running run',
  request: { params: z.object({ workspaceId: Id, runId: Id }) },
  responses: {
    202: {
      description: 'Cancel requested (a queued run is cancelled at once)',
      content: { 'application/json': { schema: RunResponseSchema } },
    },
    ...errorResponses,
    409: {
      description: 'The run already finished',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

export function registerRunRoutes(app: App, deps: Pick<AppDeps, 'runs' | 'members'>): void {
  app.openapi(startRun, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'write' }, 'write');
    const body = c.req.header('content-type')?.includes('application/json')
      ? c.req.valid('json')
      : { inputs: {} };
    const { run } = await deps.runs.start({
      principal: c.get('principal'),
      workspaceId,
      workflowId,
      inputs: body.inputs,
      ...('version' in body && body.version ? { version: body.version } : {}),
      trigger: 'manual',
    });
    return c.json({ run }, 202);
  });

  app.openapi(listRuns, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'read' }, 'read');
    return c.json({ runs: await deps.runs.list(workspaceId, workflowId) }, 200);
  });

  app.openapi(cancelRun, async (c) => {
    const { workspaceId, runId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'write' }, 'write');
    return c.json(
      { run: await deps.runs.cancel({ principal: c.get('principal'), workspaceId, runId }) },
      202,
    );
  });

  app.openapi(getRun, async (c) => {
    const { workspaceId, runId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'read' }, 'read');
    return c.json({ run: await deps.runs.get(workspaceId, runId) }, 200);
  });
}
