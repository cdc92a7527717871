import { createRoute, z } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import type { App, AppDeps } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponses } from '../schemas';

const me = createRoute({
  method: 'get',
  path: '/api/me',
  summary: 'The signed-in user and their workspaces',
  responses: {
    200: {
      description: 'The current principal',
      content: {
        'application/json': {
          schema: z.object({
            user: z.object({ id: z.string(), name: z.string() }),
            workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    401: errorResponses[401],
  },
});

const syncToken = createRoute({
  method: 'post',
  path: '/api/sync-token',
  summary: 'A short-lived token for the sync connection (the provider fetches one per connect)',
  responses: {
    200: {
      description: 'A signed token',
      content: { 'application/json': { schema: z.object({ token: z.string(), expiresAt: z.number() }) } },
    },
    401: errorResponses[401],
  },
});

export function registerSessionRoutes(app: App, deps: Pick<AppDeps, 'issueSyncToken' | 'members'>): void {
  app.openapi(me, (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    const workspaces = deps.members.roleOf(principal.id, 'default')
      ? [{ id: 'default', name: 'Default workspace' }]
      : [];
    return c.json({ user: { id: principal.id, name: principal.name }, workspaces }, 200);
  });

  app.openapi(syncToken, async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    return c.json(await deps.issueSyncToken(principal), 200);
  });
}
