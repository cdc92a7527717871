import { createRoute } from '@hono/zod-openapi';
import { ErrorCodes } from '@synapse/schema';
import { SessionSchema, SyncTokenSchema } from '@synapse/schema/api';
import type { App, AppDeps } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponses } from '../schemas';
import { sessionBody } from './authRoutes';

const me = createRoute({
  method: 'get',
  path: '/api/me',
  summary: 'The signed-in user and their workspaces, with their role in each',
  responses: {
    200: { description: 'The current user', content: { 'application/json': { schema: SessionSchema } } },
    401: errorResponses[401],
  },
});

const syncToken = createRoute({
  method: 'post',
  path: '/api/sync-token',
  summary: 'A short-lived token for the sync connection (the provider fetches one per connect)',
  responses: {
    200: {
      description: 'A signed token, bound to the session',
      content: { 'application/json': { schema: SyncTokenSchema } },
    },
    401: errorResponses[401],
  },
});

export function registerSessionRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { auth } = deps.security;
  app.openapi(me, async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    const profile = (await auth.profile(principal.id)) ?? principal;
    return c.json(sessionBody(profile, await auth.workspacesOf(principal.id)), 200);
  });

  app.openapi(syncToken, async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    return c.json(await auth.issueSyncToken(principal, c.get('sessionId')), 200);
  });
}
