import { createRoute, z } from '@hono/zod-openapi';
import {
  DisableTwoFactorBodySchema,
  RecoveryCodesSchema,
  SessionSchema,
  TwoFactorCodeBodySchema,
  TwoFactorSetupSchema,
  TwoFactorSignInBodySchema,
  TwoFactorStatusSchema,
  WorkspaceSecurityBodySchema,
  WorkspaceSecuritySchema,
} from '@synapse/schema/api';
import type { Context } from 'hono';
import type { Principal } from '../../auth/Principal';
import type { App, AppDeps, AppEnv } from '../createApp';
import { errorResponse, errorResponses, Id, tooManyRequests } from '../schemas';
import { limit, signedInBody } from './authRoutes';

const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const conflict = errorResponse('Not in that state');
const WorkspaceParams = z.object({ workspaceId: Id });

const status = createRoute({
  method: 'get',
  path: '/api/me/2fa',
  summary: 'Whether two-factor authentication is on for this account, and how many recovery codes are left',
  responses: { 200: ok('Two-factor status', TwoFactorStatusSchema), 401: errorResponses[401] },
});

const setup = createRoute({
  method: 'post',
  path: '/api/me/2fa/setup',
  summary: 'Start enrolment: a new TOTP secret with its otpauth:// URI and QR code (not on until enabled)',
  responses: { 200: ok('A pending secret', TwoFactorSetupSchema), 401: errorResponses[401], 409: conflict },
});

const enable = createRoute({
  method: 'post',
  path: '/api/me/2fa/enable',
  summary: 'Turn two-factor authentication on with a code from the app; returns one-time recovery codes',
  request: { body: json(TwoFactorCodeBodySchema) },
  responses: {
    200: ok('On; the recovery codes are shown this once', RecoveryCodesSchema),
    ...errorResponses,
    409: conflict,
    429: tooManyRequests,
  },
});

const disable = createRoute({
  method: 'post',
  path: '/api/me/2fa/disable',
  summary: 'Turn two-factor authentication off, with a current code or the password',
  request: { body: json(DisableTwoFactorBodySchema) },
  responses: { 204: { description: 'Off' }, ...errorResponses, 409: conflict, 429: tooManyRequests },
});

const signIn = createRoute({
  method: 'post',
  path: '/api/auth/login/2fa',
  summary: "Sign-in's second step: the challenge from /api/auth/login with a TOTP code or a recovery code",
  request: { body: json(TwoFactorSignInBodySchema) },
  responses: { 200: ok('Signed in', SessionSchema), ...errorResponses, 429: tooManyRequests },
});

const getRequirement = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/two-factor',
  summary: 'Whether the workspace requires two-factor authentication of its members',
  request: { params: WorkspaceParams },
  responses: { 200: ok('The requirement', WorkspaceSecuritySchema), ...errorResponses },
});

const setRequirement = createRoute({
  method: 'put',
  path: '/api/workspaces/{workspaceId}/two-factor',
  summary: 'Require (or stop requiring) two-factor authentication in the workspace (owners)',
  request: { params: WorkspaceParams, body: json(WorkspaceSecurityBodySchema) },
  responses: { 200: ok('The requirement', WorkspaceSecuritySchema), ...errorResponses, 409: conflict },
});

const userOf = (c: Context<AppEnv>) => c.get('principal') as Extract<Principal, { kind: 'user' }>;

export function registerTwoFactorRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { auth, twoFactor, limits, cookies } = deps.security;
  const perAccount = (c: Context<AppEnv>, userId: string) =>
    limit(c, limits.twoFactorAccount, cookies.trustProxy, `account:${userId}`);

  app.openapi(status, async (c) => c.json(await twoFactor.status(userOf(c).id), 200));

  app.openapi(setup, async (c) => c.json(await twoFactor.setup(userOf(c)), 200));

  app.openapi(enable, async (c) => {
    const user = userOf(c);
    await perAccount(c, user.id);
    return c.json(await twoFactor.enable(user, c.get('sessionId'), c.req.valid('json').code), 200);
  });

  app.openapi(disable, async (c) => {
    const user = userOf(c);
    await perAccount(c, user.id);
    await twoFactor.disable(user, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.openapi(signIn, async (c) => {
    await limit(c, limits.twoFactor, cookies.trustProxy);
    const body = c.req.valid('json');
    const userId = await twoFactor.readChallenge(body.challenge);
    await perAccount(c, userId);
    const via = await twoFactor.verifySignIn(userId, body);
    return c.json(signedInBody(c, await auth.signInVerified(userId, via), cookies), 200);
  });

  app.openapi(getRequirement, async (c) =>
    c.json({ require2fa: await twoFactor.requiredBy(c.req.valid('param').workspaceId) }, 200),
  );

  app.openapi(setRequirement, async (c) => {
    const { workspaceId } = c.req.valid('param');
    const { require2fa } = c.req.valid('json');
    await twoFactor.setRequired(userOf(c), workspaceId, require2fa);
    return c.json({ require2fa }, 200);
  });
}
