import { createRoute, z } from '@hono/zod-openapi';
import {
  CreateSecretBodySchema,
  SecretListSchema,
  SecretNameSchema,
  SecretResponseSchema,
  UpdateSecretBodySchema,
} from '@synapse/schema/api';
import type { SecretsService } from '../../secrets/createSecretsService';
import type { App } from '../createApp';
import { errorResponse, errorResponses, Id } from '../schemas';

const wsParams = z.object({ workspaceId: Id });
const secretParams = z.object({ workspaceId: Id, name: SecretNameSchema });
const BASE = '/api/workspaces/{workspaceId}/secrets';

const listSecrets = createRoute({
  method: 'get',
  path: BASE,
  summary: "The workspace vault's secrets by name: never a value (viewers see names and dates only)",
  request: { params: wsParams },
  responses: {
    200: { description: 'Secrets', content: { 'application/json': { schema: SecretListSchema } } },
    ...errorResponses,
  },
});

const createSecret = createRoute({
  method: 'post',
  path: BASE,
  summary: 'Store a secret, encrypted, optionally limited to hosts; HTTP request nodes reference it by name',
  request: {
    params: wsParams,
    body: { required: true, content: { 'application/json': { schema: CreateSecretBodySchema } } },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: SecretResponseSchema } } },
    ...errorResponses,
    409: errorResponse('A secret of that name exists'),
  },
});

const updateSecret = createRoute({
  method: 'put',
  path: `${BASE}/{name}`,
  summary: "Replace a secret's value, the hosts it may be sent to, or both",
  request: {
    params: secretParams,
    body: { required: true, content: { 'application/json': { schema: UpdateSecretBodySchema } } },
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: SecretResponseSchema } } },
    ...errorResponses,
  },
});

const deleteSecret = createRoute({
  method: 'delete',
  path: `${BASE}/{name}`,
  summary: 'Delete a secret: runs that reference it fail, naming it',
  request: { params: secretParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

/** The workspace secrets vault ([triggers] issue 14, ADR 0019). Values go in; only names and hints come out. */
export function registerSecretRoutes(app: App, secrets: SecretsService): void {
  app.openapi(listSecrets, async (c) => {
    const { workspaceId } = c.req.valid('param');
    return c.json({ secrets: await secrets.list(c.get('principal'), workspaceId) }, 200);
  });

  app.openapi(createSecret, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { name, ...change } = c.req.valid('json');
    return c.json({ secret: await secrets.create(c.get('principal'), workspaceId, name, change) }, 201);
  });

  app.openapi(updateSecret, async (c) => {
    const { workspaceId, name } = c.req.valid('param');
    return c.json(
      { secret: await secrets.update(c.get('principal'), workspaceId, name, c.req.valid('json')) },
      200,
    );
  });

  app.openapi(deleteSecret, async (c) => {
    const { workspaceId, name } = c.req.valid('param');
    await secrets.remove(c.get('principal'), workspaceId, name);
    return c.body(null, 204);
  });
}
