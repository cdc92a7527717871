import { createRoute, z } from '@hono/zod-openapi';
import { MemoryContentBodySchema, MemoryEntrySchema } from '@synapse/schema/api';
import type { MemoryService } from '../../tools/createMemoryService';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const entryParams = z.object({ workspaceId: Id, entryId: Id });

const Content = MemoryContentBodySchema;
const entryResponse = {
  description: 'The entry',
  content: { 'application/json': { schema: z.object({ entry: MemoryEntrySchema }) } },
};

const listEntries = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/memory',
  summary: "The workspace's memory entries, newest first, or ranked by full-text search with `q`",
  request: {
    params: wsParams,
    query: z.object({
      q: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
      offset: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Entries',
      content: { 'application/json': { schema: z.object({ entries: z.array(MemoryEntrySchema) }) } },
    },
    ...errorResponses,
  },
});

const addEntry = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/memory',
  summary: 'Write a memory entry by hand',
  request: {
    params: wsParams,
    body: { required: true, content: { 'application/json': { schema: Content } } },
  },
  responses: { 201: entryResponse, ...errorResponses },
});

const updateEntry = createRoute({
  method: 'patch',
  path: '/api/workspaces/{workspaceId}/memory/{entryId}',
  summary: "Edit a memory entry's content",
  request: {
    params: entryParams,
    body: { required: true, content: { 'application/json': { schema: Content } } },
  },
  responses: { 200: entryResponse, ...errorResponses },
});

const removeEntry = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/memory/{entryId}',
  summary: 'Delete a memory entry',
  request: { params: entryParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerMemoryRoutes(app: App, deps: { memory: MemoryService }): void {
  const { memory } = deps;
  app.openapi(listEntries, async (c) => {
    const { q, limit, offset } = c.req.valid('query');
    const entries = await memory.list(c.req.valid('param').workspaceId, {
      ...(q ? { query: q } : {}),
      ...(limit ? { limit } : {}),
      ...(offset ? { offset } : {}),
    });
    return c.json({ entries }, 200);
  });
  app.openapi(addEntry, async (c) => {
    const entry = await memory.add(
      c.get('principal'),
      c.req.valid('param').workspaceId,
      c.req.valid('json').content,
    );
    return c.json({ entry }, 201);
  });
  app.openapi(updateEntry, async (c) => {
    const { workspaceId, entryId } = c.req.valid('param');
    const entry = await memory.update(c.get('principal'), workspaceId, entryId, c.req.valid('json').content);
    return c.json({ entry }, 200);
  });
  app.openapi(removeEntry, async (c) => {
    const { workspaceId, entryId } = c.req.valid('param');
    await memory.remove(c.get('principal'), workspaceId, entryId);
    return c.body(null, 204);
  });
}
