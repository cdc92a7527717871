import { type ApiTokenInfo, createApiTokensRepo, type Sql } from '@synapse/db';
import { signSyncToken } from '@synapse/schema';
import { type Access, authorize, effectiveRole, type MembershipLookup } from './authorize';
import type { TokenPrincipal } from './Principal';

/**
 * Workspace API tokens as principals: the one place a bearer token becomes who is acting, for the /api
 * routes (so routeAccess.ts applies), the MCP endpoint and sync tokens derived from a token alike. A token
 * is checked against its creator's current membership on every use: a removed creator's token
 * authenticates nothing, a demoted creator's acts at the new role at once (`effectiveRole`).
 */
/** Postgres NOTIFY channel naming a revoked API token, so every server closes its scripts' connections. */
export const API_TOKEN_REVOKED_CHANNEL = 'synapse_api_token_revoked';

export interface ApiTokenAuth {
  /** `Authorization: Bearer syn_…` → the token's principal; null when absent, unknown, revoked or orphaned. */
  authenticateBearer(header: string | undefined): Promise<TokenPrincipal | null>;
  /** The principal of a live token by id (a sync token names the API token it came from). */
  principalOf(tokenId: string): Promise<TokenPrincipal | null>;
  /** A short-lived sync token for a script's Hocuspocus connection, bounded by the API token. */
  issueSyncToken(principal: TokenPrincipal): Promise<{ token: string; expiresAt: number; access: Access }>;
}

/** The bearer credential of an Authorization header, or null. */
export function bearerOf(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;
}

export function createApiTokenAuth(options: {
  sql: Sql;
  members: MembershipLookup;
  secret: Uint8Array;
  syncTokenTtlMs: number;
  now: () => number;
}): ApiTokenAuth {
  const tokens = createApiTokensRepo(options.sql);
  const { members, now } = options;

  function principal(info: ApiTokenInfo | null): TokenPrincipal | null {
    if (!info) return null;
    const p: TokenPrincipal = {
      kind: 'token',
      id: info.createdBy,
      name: `${info.name} (API token)`,
      tokenId: info.id,
      workspaceId: info.workspaceId,
      scope: info.scope,
    };
    return effectiveRole(p, members) ? p : null;
  }

  return {
    async authenticateBearer(header) {
      const token = bearerOf(header);
      return token ? principal(await tokens.verify(token, now())) : null;
    },
    async principalOf(tokenId) {
      return principal(await tokens.getLive(tokenId));
    },
    async issueSyncToken(p) {
      const expiresAt = now() + options.syncTokenTtlMs;
      const token = await signSyncToken(
        { sub: p.id, kind: 'token', name: p.name, exp: expiresAt, tid: p.tokenId },
        options.secret,
      );
      const access = authorize(
        p,
        { kind: 'document', doc: { kind: 'index', workspaceId: p.workspaceId } },
        members,
      );
      return { token, expiresAt, access };
    },
  };
}
