import { createRoute, z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import {
  ApiTokenSchema,
  CreatedTokenSchema,
  CreateTokenBodySchema,
  PublishBodySchema,
  PublishedWorkflowSchema,
} from '@synapse/schema/api';
import type { Context } from 'hono';
import type { WorkflowToolService } from '../../tools/createWorkflowToolService';
import type { App, AppEnv } from '../createApp';
import { errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const tokenParams = z.object({ workspaceId: Id, tokenId: Id });
const workflowParams = z.object({ workspaceId: Id, workflowId: Id });

const listTokens = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/api-tokens',
  summary: "The workspace's API tokens (hints only)",
  request: { params: wsParams },
  responses: {
    200: {
      description: 'Tokens',
      content: { 'application/json': { schema: z.object({ tokens: z.array(ApiTokenSchema) }) } },
    },
    ...errorResponses,
  },
});

const createToken = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/api-tokens',
  summary:
    'Create a workspace API token (MCP endpoint, run API, sync tokens for scripts) with a scope; the token is shown once',
  request: {
    params: wsParams,
    body: {
      required: true,
      content: { 'application/json': { schema: CreateTokenBodySchema } },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: CreatedTokenSchema } },
    },
    ...errorResponses,
  },
});

const revokeToken = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/api-tokens/{tokenId}',
  summary: 'Revoke an API token',
  request: { params: tokenParams },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

const listPublished = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/mcp-tools',
  summary: 'Workflows published as tools on the workspace MCP endpoint',
  request: { params: wsParams },
  responses: {
    200: {
      description: 'Published workflows',
      content: { 'application/json': { schema: z.object({ tools: z.array(PublishedWorkflowSchema) }) } },
    },
    ...errorResponses,
  },
});

const publish = createRoute({
  method: 'put',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/mcp-tool',
  summary: 'Publish a workflow as a tool on the workspace MCP endpoint',
  request: {
    params: workflowParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: PublishBodySchema },
      },
    },
  },
  responses: {
    200: {
      description: 'Published',
      content: { 'application/json': { schema: z.object({ tool: PublishedWorkflowSchema }) } },
    },
    ...errorResponses,
  },
});

const unpublish = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/workflows/{workflowId}/mcp-tool',
  summary: 'Stop publishing a workflow as a tool',
  request: { params: workflowParams },
  responses: { 204: { description: 'Unpublished' }, ...errorResponses },
});

const view = (p: { workflowId: string; toolName: string; description: string; publishedAt: number }) => ({
  workflowId: p.workflowId,
  toolName: p.toolName,
  description: p.description,
  publishedAt: p.publishedAt,
});

/** Where a workspace's MCP endpoint listens. */
export const MCP_ENDPOINT_PATH = '/mcp/workspaces/:workspaceId';

/**
 * API tokens, publishing, and the workspace MCP endpoint (`/mcp/workspaces/{id}`, Streamable HTTP,
 * stateless JSON responses). The endpoint takes no session cookie, only a workspace API token, checked
 * here before anything is read.
 */
export function registerMcpEndpointRoutes(app: App, deps: { workflowTools: WorkflowToolService }): void {
  const { workflowTools } = deps;
  app.openapi(listTokens, async (c) =>
    c.json({ tokens: await workflowTools.listTokens(c.req.valid('param').workspaceId) }, 200),
  );
  app.openapi(createToken, async (c) => {
    const created = await workflowTools.createToken(
      c.get('principal'),
      c.req.valid('param').workspaceId,
      c.req.valid('json'),
    );
    return c.json(created, 201);
  });
  app.openapi(revokeToken, async (c) => {
    const { workspaceId, tokenId } = c.req.valid('param');
    await workflowTools.revokeToken(c.get('principal'), workspaceId, tokenId);
    return c.body(null, 204);
  });
  app.openapi(listPublished, async (c) =>
    c.json({ tools: (await workflowTools.listPublished(c.req.valid('param').workspaceId)).map(view) }, 200),
  );
  app.openapi(publish, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    const tool = await workflowTools.publish(
      c.get('principal'),
      workspaceId,
      workflowId,
      c.req.valid('json'),
    );
    return c.json({ tool: view(tool) }, 200);
  });
  app.openapi(unpublish, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    await workflowTools.unpublish(c.get('principal'), workspaceId, workflowId);
    return c.body(null, 204);
  });

  const endpoint = async (c: Context<AppEnv>) => {
    const workspaceId = c.req.param('workspaceId') ?? '';
    const token = await workflowTools.authenticate(workspaceId, c.req.header('authorization'));
    if (!token) {
      return c.json(
        { error: { code: ErrorCodes.unauthorized, message: 'a valid workspace API token is required' } },
        401,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    if (c.req.method !== 'POST') return c.body(null, 405, { allow: 'POST' });
    const server = await workflowTools.buildServer(workspaceId, token);
    // Loaded on first use, like the rest of the MCP SDK (issue #18).
    const { WebStandardStreamableHTTPServerTransport } = await import(
      '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
    );
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  };
  // Outside /api on purpose: no session cookie, no CSRF surface; only a workspace API token opens it.
  app.post(MCP_ENDPOINT_PATH, endpoint);
  app.get(MCP_ENDPOINT_PATH, endpoint);
  app.delete(MCP_ENDPOINT_PATH, endpoint);
}
