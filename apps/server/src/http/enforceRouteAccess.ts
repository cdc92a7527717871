import { ErrorCodes } from '@synapse/schema';
import type { MiddlewareHandler } from 'hono';
import { authorize, type MembershipLookup, refusedForSso } from '../auth/authorize';
import type { TwoFactorService } from '../auth/createTwoFactorService';
import { apiWorkspaceOf } from './apiWorkspaceOf';
import type { App, AppEnv } from './createApp';
import { HttpError } from './HttpError';
import { type CompiledRule, compileRules, INSTALL_WORKSPACE, pathPattern } from './routeAccess';

/**
 * Applies the route's rule from routeAccess.ts before its handler runs, failing closed: a registered API
 * route without a rule answers 500 instead of running unprotected. Handlers may check more (ownership of
 * the member being removed, say), never less.
 */
export function enforceRouteAccess(
  app: App,
  members: MembershipLookup,
  twoFactor?: Pick<TwoFactorService, 'allows'>,
): MiddlewareHandler<AppEnv> {
  const rules = compileRules();
  let registered: { method: string; path: string; pattern: RegExp }[] | null = null;

  return async (c, next) => {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const path = c.req.path;
    const match = rules.find((r: CompiledRule) => r.method === method && r.pattern.test(path));
    if (!match) {
      registered ??= app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => ({ method: r.method, path: r.path, pattern: pathPattern(r.path) }));
      const route = registered.find((r) => r.method === method && r.pattern.test(path));
      if (route)
        throw new HttpError(
          500,
          ErrorCodes.internal,
          `route ${route.method} ${route.path} has no access rule; add one to apps/server/src/http/routeAccess.ts`,
        );
      return next();
    }
    const principal = c.get('principal');
    const { rule } = match;
    if (rule.access === 'public') return next();
    if (principal.kind === 'anonymous') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    if (rule.access === 'user') {
      if (principal.kind !== 'user')
        throw new HttpError(403, ErrorCodes.forbidden, 'this route is for signed-in users');
      return next();
    }
    if (rule.access === 'install') {
      if (principal.kind !== 'user' || members.roleOf(principal.id, INSTALL_WORKSPACE) !== 'owner')
        throw new HttpError(403, ErrorCodes.forbidden, "only the install's administrators can see this");
      return next();
    }
    // An API token changes things only through the run API (and documents through a script sync token):
    // elsewhere it may read. A leaked CI token must not add provider keys or MCP servers (issue 13).
    if (principal.kind === 'token' && rule.access === 'workspace' && rule.need !== 'read')
      throw new HttpError(
        403,
        ErrorCodes.forbidden,
        'an API token may only read here; it starts and cancels runs through /api/v1',
      );
    let workspaceId = '';
    if (rule.access === 'api') workspaceId = apiWorkspaceOf(c);
    else {
      const encoded = match.pattern.exec(path)?.groups?.workspaceId ?? '';
      try {
        workspaceId = decodeURIComponent(encoded);
      } catch {
        throw new HttpError(400, ErrorCodes.invalidRequest, 'malformed workspace id');
      }
    }
    if (refusedForSso(principal, workspaceId, members))
      throw new HttpError(
        403,
        ErrorCodes.ssoRequired,
        'this workspace requires single sign-on: sign out, then sign in with single sign-on',
      );
    const access = authorize(principal, { kind: 'workspace', workspaceId, action: rule.need }, members);
    const enough = rule.need === 'read' ? access !== 'none' : access === 'write';
    if (!enough) {
      const message =
        access === 'none' && rule.need !== 'admin'
          ? 'you do not have access to this workspace'
          : rule.need === 'admin'
            ? 'only workspace owners can do this'
            : 'viewers cannot change this workspace';
      throw new HttpError(403, ErrorCodes.forbidden, message);
    }
    if (twoFactor && !(await twoFactor.allows(principal, workspaceId)))
      throw new HttpError(
        403,
        ErrorCodes.twoFactorRequired,
        'this workspace requires two-factor authentication: set it up in Settings → Security',
      );
    return next();
  };
}
