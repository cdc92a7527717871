import { createRoute, z } from '@hono/zod-openapi';
import type { McpServerService } from '../../tools/createMcpServerService';
import type { App } from '../createApp';
import { ErrorBody, errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const serverParams = z.object({ workspaceId: Id, serverId: Id });

const McpServerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    transport: z.enum(['http', 'stdio']),
    url: z.string().nullable(),
    stdioEntry: z.string().nullable(),
    headerName: z.string().nullable(),
    hasHeader: z.boolean(),
    createdAt: z.number(),
  })
  .openapi('McpServer');

const McpToolSchema = z
  .object({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    inputSchema: z.record(z.string(), z.unknown()),
  })
  .openapi('McpTool');

const listServers = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/mcp-servers',
  summary: "The workspace's MCP servers and the operator's stdio servers it may pick from",
  request: { params: wsParams },
  responses: {
    200: {
      description: 'Servers',
      content: {
        'application/json': {
          schema: z.object({
            servers: z.array(McpServerSchema),
            stdioChoices: z.array(z.object({ id: z.string(), label: z.string() })),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

// Strict objects: a `command` or `args` field is refused, not ignored.
const AddServerBody = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('http'),
      name: z.string().min(1).max(100),
      url: z.string().min(1).max(2048),
      headerName: z.string().max(64).optional(),
      headerValue: z.string().min(8).max(4096).optional(),
    })
    .strict(),
  z
    .object({
      transport: z.literal('stdio'),
      name: z.string().max(100).optional(),
      entry: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    })
    .strict(),
]);

const addServer = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/mcp-servers',
  summary: 'Add an MCP server: a Streamable HTTP URL (header stored encrypted) or an operator stdio entry',
  request: {
    params: wsParams,
    body: { required: true, content: { 'application/json': { schema: AddServerBody } } },
  },
  responses: {
    201: {
      description: 'Added',
      content: { 'application/json': { schema: z.object({ server: McpServerSchema }) } },
    },
    ...errorResponses,
    422: {
      description: 'URL refused by the address policy',
      content: { 'application/json': { schema: ErrorBody } },
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
        'application/json': {
          schema: z.object({ tools: z.array(McpToolSchema), error: z.string().nullable() }),
        },
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
