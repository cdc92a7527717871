import { createRoute, z } from '@hono/zod-openapi';
import {
  AddKeyBodySchema,
  ErrorBodySchema,
  KeyTestResultSchema,
  ProviderKeySchema,
  UpdateKeyBodySchema,
} from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const keyParams = z.object({ workspaceId: Id, keyId: Id });

const listKeys = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/keys',
  summary: "The workspace's provider keys: masked hints only, never a key",
  request: { params: wsParams },
  responses: {
    200: {
      description: 'Keys',
      content: { 'application/json': { schema: z.object({ keys: z.array(ProviderKeySchema) }) } },
    },
    ...errorResponses,
  },
});

const addKey = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/keys',
  summary: 'Store a provider key, encrypted; it will only ever be sent to its base URL',
  request: {
    params: wsParams,
    body: {
      required: true,
      content: {
        'application/json': { schema: AddKeyBodySchema },
      },
    },
  },
  responses: {
    201: {
      description: 'Stored',
      content: { 'application/json': { schema: z.object({ key: ProviderKeySchema }) } },
    },
    ...errorResponses,
    422: {
      description: 'Base URL refused by the address policy',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
  },
});

const removeKey = createRoute({
  method: 'delete',
  path: '/api/workspaces/{workspaceId}/keys/{keyId}',
  summary: 'Delete a provider key',
  request: { params: keyParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const updateKey = createRoute({
  method: 'patch',
  path: '/api/workspaces/{workspaceId}/keys/{keyId}',
  summary: "Change a key's weight: its share of its provider's calls",
  request: {
    params: keyParams,
    body: { required: true, content: { 'application/json': { schema: UpdateKeyBodySchema } } },
  },
  responses: {
    200: {
      description: 'Updated',
      content: { 'application/json': { schema: z.object({ key: ProviderKeySchema }) } },
    },
    ...errorResponses,
  },
});

const testKey = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/keys/{keyId}/test',
  summary: 'Test a key with a minimal request (list models) to its saved base URL',
  request: { params: keyParams },
  responses: {
    200: {
      description: 'The outcome (a rejected key is a result, not an error)',
      content: {
        'application/json': { schema: KeyTestResultSchema },
      },
    },
    ...errorResponses,
  },
});

export function registerKeyRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { keys } = deps.security;

  app.openapi(listKeys, async (c) =>
    c.json({ keys: await keys.list(c.req.valid('param').workspaceId) }, 200),
  );

  app.openapi(addKey, async (c) => {
    const key = await keys.add(c.get('principal'), c.req.valid('param').workspaceId, c.req.valid('json'));
    return c.json({ key }, 201);
  });

  app.openapi(removeKey, async (c) => {
    const { workspaceId, keyId } = c.req.valid('param');
    await keys.remove(c.get('principal'), workspaceId, keyId);
    return c.body(null, 204);
  });

  app.openapi(updateKey, async (c) => {
    const { workspaceId, keyId } = c.req.valid('param');
    const key = await keys.setWeight(c.get('principal'), workspaceId, keyId, c.req.valid('json').weight);
    return c.json({ key }, 200);
  });

  app.openapi(testKey, async (c) => {
    const { workspaceId, keyId } = c.req.valid('param');
    return c.json(await keys.test(c.get('principal'), workspaceId, keyId), 200);
  });
}
