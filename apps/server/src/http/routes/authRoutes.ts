import { createRoute, type z } from '@hono/zod-openapi';
import type { WorkspaceMembership } from '@synapse/db';
import { ErrorCodes } from '@synapse/schema';
import {
  ErrorBodySchema,
  SessionSchema,
  SetupStateSchema,
  SignInBodySchema,
  SignUpBodySchema,
  TwoFactorChallengeSchema,
} from '@synapse/schema/api';
import type { Context } from 'hono';
import type { SignedIn } from '../../auth/createAuthService';
import type { RateLimiter } from '../../limits/createRateLimiter';
import { clientAddress } from '../clientAddress';
import type { App, AppDeps, AppEnv } from '../createApp';
import { HttpError } from '../HttpError';
import { errorResponses, tooManyRequests } from '../schemas';
import { type CookiePolicy, clearSessionCookie, setSessionCookie } from '../sessionCookie';

const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

const setup = createRoute({
  method: 'get',
  path: '/api/auth/setup',
  summary:
    'Whether the install has no account yet (the first one to sign up owns it), and if sign-up is open',
  responses: {
    200: {
      description: 'Setup state',
      content: {
        'application/json': { schema: SetupStateSchema },
      },
    },
  },
});

const signup = createRoute({
  method: 'post',
  path: '/api/auth/signup',
  summary: 'Create an account (the first on an install, with an invite link, or when sign-up is open)',
  request: {
    body: json(SignUpBodySchema),
  },
  responses: {
    201: {
      description: 'Signed up and signed in',
      content: { 'application/json': { schema: SessionSchema } },
    },
    // 403 both when sign-up is closed and when the email has an account: the answer does not tell which.
    ...errorResponses,
    410: {
      description: 'Invite no longer valid',
      content: { 'application/json': { schema: ErrorBodySchema } },
    },
    429: tooManyRequests,
  },
});

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in; sets the HttpOnly session cookie',
  request: {
    body: json(SignInBodySchema),
  },
  responses: {
    200: {
      description:
        'Signed in; or, for an account with two-factor authentication, a challenge for POST /api/auth/login/2fa',
      content: { 'application/json': { schema: SessionSchema.or(TwoFactorChallengeSchema) } },
    },
    ...errorResponses,
    429: tooManyRequests,
  },
});

const logout = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: "Sign out: ends the session and closes that session's sync connections",
  responses: { 204: { description: 'Signed out' }, 401: errorResponses[401] },
});

export function sessionBody(
  user: { id: string; name: string; email?: string | null },
  workspaces: WorkspaceMembership[],
) {
  return {
    user: { id: user.id, name: user.name, email: user.email ?? null },
    workspaces: workspaces.map((w) => ({ id: w.workspaceId, name: w.name, role: w.role })),
  };
}

/** Counts an attempt by the client's address (or `key`: an account), answering 429 past the limit. */
export async function limit(
  c: Context<AppEnv>,
  limiter: RateLimiter,
  trustProxy: boolean,
  key?: string,
): Promise<void> {
  const verdict = await limiter.attempt(key ?? clientAddress(c, trustProxy));
  if (!verdict.ok) {
    c.header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
    throw new HttpError(429, ErrorCodes.rateLimited, 'too many attempts; wait a moment and try again');
  }
}

/** Sets the session cookie of a completed sign-in and answers with the session's body. */
export function signedInBody(c: Context<AppEnv>, result: SignedIn, cookies: CookiePolicy) {
  setSessionCookie(c, result.session.token, result.session.expiresAt, cookies);
  return sessionBody(result.user, result.workspaces);
}

export function registerAuthRoutes(app: App, deps: Pick<AppDeps, 'security'>): void {
  const { auth, limits, cookies } = deps.security;
  const signedIn = (c: Context<AppEnv>, result: SignedIn) => signedInBody(c, result, cookies);

  app.openapi(setup, async (c) => c.json(await auth.setupState(), 200));

  app.openapi(signup, async (c) => {
    await limit(c, limits.signUp, cookies.trustProxy);
    const result = await auth.signUp(c.req.valid('json'));
    return c.json(signedIn(c, result), 201);
  });

  app.openapi(login, async (c) => {
    await limit(c, limits.signIn, cookies.trustProxy);
    const result = await auth.signIn(c.req.valid('json'));
    if ('twoFactor' in result) return c.json({ twoFactorRequired: true as const, ...result.twoFactor }, 200);
    return c.json(signedIn(c, result), 200);
  });

  app.openapi(logout, async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId) await auth.signOut(c.get('principal'), sessionId);
    clearSessionCookie(c, cookies);
    return c.body(null, 204);
  });
}
