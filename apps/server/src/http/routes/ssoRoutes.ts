import { createRoute, z } from '@hono/zod-openapi';
import { SetWorkspaceSsoBodySchema, SsoInfoSchema, WorkspaceSsoSchema } from '@synapse/schema/api';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SsoFailure } from '../../auth/createSsoService';
import type { Logger } from '../../logger';
import type { App, AppDeps, AppEnv } from '../createApp';
import { errorResponses, Id } from '../schemas';
import { type CookiePolicy, isSecure, setSessionCookie } from '../sessionCookie';

/** Carries the pending sign-in's state, nonce and PKCE verifier (signed) from start to callback only. */
const PENDING_COOKIE = 'synapse_sso';
const PENDING_PATH = '/api/auth/sso';
const CALLBACK_PATH = '/api/auth/sso/callback';

const info = createRoute({
  method: 'get',
  path: '/api/auth/sso',
  summary: 'Whether single sign-on is configured, and the name its button shows',
  responses: {
    200: { description: 'SSO', content: { 'application/json': { schema: SsoInfoSchema } } },
  },
});

const start = createRoute({
  method: 'get',
  path: '/api/auth/sso/start',
  summary: 'Starts a single sign-on: redirects the browser to the identity provider',
  responses: { 302: { description: 'To the provider, or back to the sign-in page with an error' } },
});

const callback = createRoute({
  method: 'get',
  path: CALLBACK_PATH,
  summary: "The identity provider's redirect back: signs in and redirects to the app",
  responses: { 302: { description: 'To the app signed in, or to the sign-in page with an error' } },
});

const workspaceParams = z.object({ workspaceId: Id });

const getWorkspaceSso = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/sso',
  summary: 'Whether the workspace admits single sign-on sessions only',
  request: { params: workspaceParams },
  responses: {
    200: { description: 'Setting', content: { 'application/json': { schema: WorkspaceSsoSchema } } },
    ...errorResponses,
  },
});

const putWorkspaceSso = createRoute({
  method: 'put',
  path: '/api/workspaces/{workspaceId}/sso',
  summary: 'Require single sign-on for the workspace (owners, from an SSO session), or stop requiring it',
  request: {
    params: workspaceParams,
    body: { required: true, content: { 'application/json': { schema: SetWorkspaceSsoBodySchema } } },
  },
  responses: {
    200: { description: 'Changed', content: { 'application/json': { schema: WorkspaceSsoSchema } } },
    ...errorResponses,
    409: errorResponses[400],
  },
});

/** The origin the browser sees: the configured public URL, or this request's (its Host is checked). */
function redirectUri(c: Context<AppEnv>, publicUrl: string | null, cookies: CookiePolicy): string {
  if (publicUrl) return new URL(CALLBACK_PATH, publicUrl).href;
  const url = new URL(c.req.url);
  const host = (cookies.trustProxy ? c.req.header('x-forwarded-host') : undefined) ?? c.req.header('host');
  const origin = `${isSecure(c, cookies) ? 'https' : url.protocol.slice(0, -1)}://${host ?? url.host}`;
  return new URL(CALLBACK_PATH, origin).href;
}

/** Back to the sign-in page with a reason it explains; never a stack trace. */
function failed(c: Context<AppEnv>, error: unknown, logger: Logger) {
  const reason = error instanceof SsoFailure ? error.reason : 'failed';
  if (error instanceof SsoFailure) logger.info({ reason, message: error.message }, 'SSO sign-in refused');
  else logger.warn({ err: error }, 'SSO sign-in failed');
  return c.redirect(`/?sso_error=${reason}`, 302);
}

export function registerSsoRoutes(app: App, deps: Pick<AppDeps, 'security' | 'logger'>): void {
  const { sso, cookies } = deps.security;
  const { logger } = deps;
  const clearPending = (c: Context<AppEnv>) =>
    deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure: isSecure(c, cookies), httpOnly: true });

  app.openapi(info, (c) => c.json({ sso: sso.name ? { name: sso.name } : null }, 200));

  app.openapi(start, async (c) => {
    try {
      const { url, sealed, expiresAt } = await sso.begin(redirectUri(c, sso.publicUrl, cookies));
      // Lax: the provider's redirect back is a top-level GET, which carries it; nothing cross-site else does.
      setCookie(c, PENDING_COOKIE, sealed, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: isSecure(c, cookies),
        path: PENDING_PATH,
        expires: new Date(expiresAt),
      });
      return c.redirect(url.href, 302);
    } catch (error) {
      return failed(c, error, logger);
    }
  });

  app.openapi(callback, async (c) => {
    const sealed = getCookie(c, PENDING_COOKIE);
    // One use: whatever happens, this pending sign-in is over.
    clearPending(c);
    try {
      const signedIn = await sso.complete(new URL(c.req.url), sealed);
      setSessionCookie(c, signedIn.session.token, signedIn.session.expiresAt, cookies);
      return c.redirect('/', 302);
    } catch (error) {
      return failed(c, error, logger);
    }
  });

  app.openapi(getWorkspaceSso, (c) => {
    const { workspaceId } = c.req.valid('param');
    return c.json({ ssoOnly: sso.ssoOnly(workspaceId), available: sso.name !== null }, 200);
  });

  app.openapi(putWorkspaceSso, async (c) => {
    const { workspaceId } = c.req.valid('param');
    await sso.setSsoOnly(c.get('principal'), workspaceId, c.req.valid('json').ssoOnly);
    return c.json({ ssoOnly: sso.ssoOnly(workspaceId), available: sso.name !== null }, 200);
  });
}
