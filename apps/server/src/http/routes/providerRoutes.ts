import { createRoute, z } from '@hono/zod-openapi';
import { PROVIDER_CATALOG } from '@synapse/providers/catalog';
import { ProviderSchema } from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { errorResponses, Id } from '../schemas';

const listProviders = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/providers',
  summary: 'Providers and models for the node pickers, and which ones this workspace has keys for',
  request: { params: z.object({ workspaceId: Id }) },
  responses: {
    200: {
      description: 'Providers',
      content: { 'application/json': { schema: z.object({ providers: z.array(ProviderSchema) }) } },
    },
    ...errorResponses,
  },
});

export function registerProviderRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  app.openapi(listProviders, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const keyed = new Set((await deps.security.keys.list(workspaceId)).map((k) => k.provider));
    const providers = PROVIDER_CATALOG.map((p) => ({
      id: p.id,
      label: p.label,
      kind: p.kind,
      requiresKey: p.requiresKey,
      configured: !p.requiresKey ? !p.requiresBaseURL || keyed.has(p.id) : keyed.has(p.id),
      models: p.models.map((m) => ({ id: m.id, label: m.label })),
    }));
    // Custom endpoints are saved per name (`custom:<name>`): each one the workspace has is a provider.
    for (const id of [...keyed].filter((k) => k.startsWith('custom:')).sort()) {
      providers.push({
        id,
        label: id.slice('custom:'.length),
        kind: 'openai-compatible',
        requiresKey: true,
        configured: true,
        models: [],
      });
    }
    return c.json({ providers }, 200);
  });
}
