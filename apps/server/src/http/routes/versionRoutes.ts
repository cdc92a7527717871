import { createRoute, z } from '@hono/zod-openapi';
import {
  PublishVersionResponseSchema,
  SaveVersionBodySchema,
  SubworkflowBundleBodySchema,
  SubworkflowBundleSchema,
  VersionDetailSchema,
  VersionSchema,
} from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { requireAccess } from '../requireAccess';
import { errorResponses, Id } from '../schemas';

const workflowParams = z.object({ workspaceId: Id, workflowId: Id });

const saveVersion = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/versions',
  summary: 'Save the workflow as it is now as a named version',
  request: {
    params: workflowParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: SaveVersionBodySchema },
      },
    },
  },
  responses: {
    201: {
      description: 'Saved',
      content: { 'application/json': { schema: z.object({ version: VersionSchema }) } },
    },
    ...errorResponses,
  },
});

const listVersions = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/versions',
  summary: "The workflow's versions (named ones and those frozen by runs), newest first",
  request: { params: workflowParams },
  responses: {
    200: {
      description: 'Versions',
      content: { 'application/json': { schema: z.object({ versions: z.array(VersionSchema) }) } },
    },
    ...errorResponses,
  },
});

const getVersion = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/versions/{versionId}',
  summary: 'One version with its graph (to preview, compare or restore it in the editor)',
  request: { params: workflowParams.extend({ versionId: Id }) },
  responses: {
    200: {
      description: 'The version',
      content: { 'application/json': { schema: z.object({ version: VersionDetailSchema }) } },
    },
    ...errorResponses,
  },
});

const publishVersion = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/versions/{versionId}/publish',
  summary: 'Mark a saved version as the published one (what the run API and automation run by default)',
  request: { params: workflowParams.extend({ versionId: Id }) },
  responses: {
    200: {
      description: 'Published (or already was)',
      content: { 'application/json': { schema: PublishVersionResponseSchema } },
    },
    ...errorResponses,
  },
});

const subworkflowBundle = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/subworkflow-bundle',
  summary:
    "The saved graphs the workflow's Sub-workflow nodes call, at every depth: the bundle a workflow file carries so it runs and exports offline",
  request: {
    params: workflowParams,
    body: { required: true, content: { 'application/json': { schema: SubworkflowBundleBodySchema } } },
  },
  responses: {
    200: {
      description: 'The called graphs by `<workflowId>@<versionId>`',
      content: { 'application/json': { schema: SubworkflowBundleSchema } },
    },
    ...errorResponses,
  },
});

export function registerVersionRoutes(app: App, deps: Pick<AppDeps, 'members' | 'versions'>): void {
  app.openapi(saveVersion, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'write' }, 'write');
    const { name } = c.req.valid('json');
    const version = await deps.versions.save({
      principal: c.get('principal'),
      workspaceId,
      workflowId,
      name,
    });
    return c.json({ version }, 201);
  });

  app.openapi(listVersions, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'read' }, 'read');
    return c.json({ versions: await deps.versions.list(workspaceId, workflowId) }, 200);
  });

  app.openapi(getVersion, async (c) => {
    const { workspaceId, workflowId, versionId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'read' }, 'read');
    return c.json({ version: await deps.versions.get(workspaceId, workflowId, versionId) }, 200);
  });

  app.openapi(subworkflowBundle, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'read' }, 'read');
    const { graph } = c.req.valid('json');
    return c.json(
      { subworkflows: await deps.versions.subworkflowBundle(workspaceId, workflowId, graph) },
      200,
    );
  });

  app.openapi(publishVersion, async (c) => {
    const { workspaceId, workflowId, versionId } = c.req.valid('param');
    requireAccess(c, deps.members, { kind: 'workspace', workspaceId, action: 'write' }, 'write');
    const result = await deps.versions.publish({
      principal: c.get('principal'),
      workspaceId,
      workflowId,
      versionId,
    });
    return c.json(result, 200);
  });
}
