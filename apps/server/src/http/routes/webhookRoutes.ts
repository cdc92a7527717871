import { createRoute, z } from '@hono/zod-openapi';
import {
  CreatedWebhookSchema,
  CreateWebhookBodySchema,
  WebhookDeliveryListSchema,
  WebhookListSchema,
} from '@synapse/schema/api';
import type { WebhookService } from '../../webhooks/createWebhookService';
import type { App } from '../createApp';
import { errorResponses, Id } from '../schemas';

const workflowParams = z.object({ workspaceId: Id, workflowId: Id });
const hookParams = workflowParams.extend({ webhookId: Id });
const BASE = '/api/workspaces/{workspaceId}/workflows/{workflowId}/webhooks';

const createWebhook = createRoute({
  method: 'post',
  path: BASE,
  summary: "A webhook URL that runs the workflow's published version as you",
  request: {
    params: workflowParams,
    body: { required: true, content: { 'application/json': { schema: CreateWebhookBodySchema } } },
  },
  responses: {
    201: {
      description: 'Created; the URL and signing secret are shown only now',
      content: { 'application/json': { schema: CreatedWebhookSchema } },
    },
    ...errorResponses,
  },
});

const listWebhooks = createRoute({
  method: 'get',
  path: BASE,
  summary: "The workflow's webhooks (without their URLs or secrets)",
  request: { params: workflowParams },
  responses: {
    200: { description: 'Webhooks', content: { 'application/json': { schema: WebhookListSchema } } },
    ...errorResponses,
  },
});

const deleteWebhook = createRoute({
  method: 'delete',
  path: `${BASE}/{webhookId}`,
  summary: 'Delete a webhook: its URL stops working at once',
  request: { params: hookParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const listDeliveries = createRoute({
  method: 'get',
  path: `${BASE}/{webhookId}/deliveries`,
  summary: "A webhook's last 100 deliveries, newest first: refused, started or duplicate",
  request: { params: hookParams },
  responses: {
    200: {
      description: 'Deliveries',
      content: { 'application/json': { schema: WebhookDeliveryListSchema } },
    },
    ...errorResponses,
  },
});

/**
 * Webhook triggers ([triggers] issue 14): editors manage a workflow's webhooks; anyone holding a URL may
 * deliver to it (`POST /api/hooks/{token}`, public: the token, and the signature when there is one, are
 * the credentials; a session cookie is not used). Guide: docs/run-api.md#webhooks.
 */
export function registerWebhookRoutes(app: App, webhooks: WebhookService): void {
  app.openapi(createWebhook, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    const created = await webhooks.create(c.get('principal'), workspaceId, workflowId, c.req.valid('json'));
    return c.json(created, 201);
  });

  app.openapi(listWebhooks, async (c) => {
    const { workspaceId, workflowId } = c.req.valid('param');
    return c.json({ webhooks: await webhooks.list(workspaceId, workflowId) }, 200);
  });

  app.openapi(deleteWebhook, async (c) => {
    const { workspaceId, workflowId, webhookId } = c.req.valid('param');
    await webhooks.remove(c.get('principal'), workspaceId, workflowId, webhookId);
    return c.body(null, 204);
  });

  app.openapi(listDeliveries, async (c) => {
    const { workspaceId, workflowId, webhookId } = c.req.valid('param');
    return c.json({ deliveries: await webhooks.deliveries(workspaceId, workflowId, webhookId) }, 200);
  });

  // Not an OpenAPI route: the body is read raw, since the signature covers its exact bytes.
  app.post('/api/hooks/:token', async (c) => {
    const length = c.req.header('content-length');
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const answer = await webhooks.receive({
      token: c.req.param('token'),
      declaredBytes: length === undefined ? null : Number(length),
      readBody: async () => new Uint8Array(await c.req.arrayBuffer()),
      headers,
      query: c.req.query(),
    });
    if (answer.duplicate) c.header('webhook-duplicate', 'true');
    return c.json(answer.run, answer.status);
  });
}
