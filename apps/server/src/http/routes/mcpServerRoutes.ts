import { createRoute, z } from '@hono/zod-openapi';
import {
  AddServerBodySchema,
  ErrorBodySchema,
  McpServerListSchema,
  McpServerSchema,
  McpToolListSchema,
} from '@synapse/schema/api';
import type { McpServerService } from '../../tools/createMcpServerService';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const serverParams = z.object({ workspaceId: Id, serverId: Id });

const listServers = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/mcp-servers',
  summary: "The workspace's MCP servers and the operator's stdio servers it may pick from",
  request: { params: wsParams },
  responses: {
    200: {
      description: 'Servers',
      content: {
        'application/json': { schema: McpServerListSchema },
      },
    },
    ...errorResponses,
  },
});

const addServer = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/mcp-servers',
  summary: 'Add an MCP server: a Streamable HTTP URL (header stored encrypted) or an operator stdio entry',
  request: {
    params: wsParams,
    body: { required: true, content: { 'application/json': { schema: AddServerBodySchema } } },
  },
  responses: {
    201: {
      description: 'Added',
      content: { 'application/json': { schema: z.object({ server: McpServerSchema }) } },
    },
    ...errorResponses,
    422: {
      description: 'URL refused by the address policy',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

const removeServer = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/mcp-servers/{serverId}',
  summary: 'Remove an MCP server (and its stored header)',
  request: { params: serverParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses },
});

const listTools = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/mcp-servers/{serverId}/tools',
  summary: "The server's tools with their input schemas (an unreachable server is a result with `error`)",
  request: { params: serverParams },
  responses: {
    200: {
      description: 'Tools',
      content: {
        'application/json': { schema: McpToolListSchema },
      },
    },
    ...errorResponses,
  },
});

export function registerMcpServerRoutes(app: App, deps: { mcpServers: McpServerService }): void {
  const { mcpServers } = deps;
  app.openapi(listServers, async (c) => c.json(await mcpServers.list(c.req.valid('param').workspaceId), 200));
  app.openapi(addServer, async (c) => {
    const server = await mcpServers.add(
      c.get('principal'),
      c.req.valid('param').workspaceId,
      c.req.valid('json'),
    );
    return c.json({ server }, 201);
  });
  app.openapi(removeServer, async (c) => {
    const { workspaceId, serverId } = c.req.valid('param');
    await mcpServers.remove(c.get('principal'), workspaceId, serverId);
    return c.body(null, 204);
  });
  app.openapi(listTools, async (c) => {
    const { workspaceId, serverId } = c.req.valid('param');
    return c.json(await mcpServers.listTools(workspaceId, serverId), 200);
  });
}
