import type { Hocuspocus } from '@hocuspocus/server';
import {
  type AddressPolicy,
  createAuditLog,
  createAuditRetention,
  createMembershipsRepo,
  createProviderKeyStore,
  createSecretsVault,
  createSsoRepo,
  createUsersRepo,
  type Database,
  type LookupAddresses,
  type MasterKeyring,
  type ProviderKeyStore,
  type Redis,
  type SecretsVault,
} from '@synapse/db';
import { ErrorCodes, syncCloseEvent } from '@synapse/schema';
import type { Context } from 'hono';
import { type AuditRecorder, auditLogWriter, createAuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import type { SecurityDeps } from '../http/SecurityDeps';
import { type CookiePolicy, readSessionCookie } from '../http/sessionCookie';
import { createKeyService } from '../keys/createKeyService';
import { createRateLimiter, type RateLimitRule } from '../limits/createRateLimiter';
import type { Logger } from '../logger';
import { createSecretsService } from '../secrets/createSecretsService';
import { closeSyncConnections } from '../sync/closeSyncConnections';
import type { SyncContext } from '../sync/SyncContext';
import {
  API_TOKEN_REVOKED_CHANNEL,
  type ApiTokenAuth,
  bearerOf,
  createApiTokenAuth,
} from './createApiTokenAuth';
import { type AuthService, createAuthService, DEFAULT_WORKSPACE_ID } from './createAuthService';
import { createMembershipCache, type MembershipCache } from './createMembershipCache';
import { createSsoService, type SsoConfig } from './createSsoService';
import { createTwoFactorService } from './createTwoFactorService';
import { createWorkspaceFlagCache } from './createWorkspaceFlagCache';
import { createWorkspaceService } from './createWorkspaceService';
import { ANONYMOUS, DEV_USER, type Principal } from './Principal';

/** NOTIFY channel of a workspace's SSO-only switch (every server's cache re-reads that workspace). */
const SSO_POLICY_CHANNEL = 'synapse_sso_policy';

export interface SecurityOptions {
  database: Database;
  secret: Uint8Array;
  masterKeys: MasterKeyring;
  addressPolicy: AddressPolicy;
  /** DNS for the address policy (tests resolve names to chosen addresses). */
  lookup?: LookupAddresses;
  openSignup: boolean;
  cookies: CookiePolicy;
  allowedOrigins: readonly string[];
  syncTokenTtlMs: number;
  rateLimits?: {
    signIn?: RateLimitRule;
    signUp?: RateLimitRule;
    twoFactor?: RateLimitRule;
    twoFactorAccount?: RateLimitRule;
  };
  /** Shared counters for the rate limits (every server sees every attempt); absent: this process only. */
  redis?: Redis | null;
  /** Single sign-on with an OpenID Connect provider (absent: not offered). */
  sso?: SsoConfig;
  /**
   * Tests only, never from configuration: requests without a session act as the dev user, an owner of
   * `default`, so suites that are not about authentication need no accounts.
   */
  devAuth?: boolean;
  logger: Logger;
  now: () => number;
}

export interface Security {
  members: MembershipCache;
  audit: AuditRecorder;
  auth: AuthService;
  /** Workspace API tokens as principals (the /api routes, the MCP endpoint, sync tokens for scripts). */
  apiTokens: ApiTokenAuth;
  keyStore: ProviderKeyStore;
  /** The workspace secrets vault (an in-process runner reads run secrets from it). */
  vault: SecretsVault;
  deps: SecurityDeps;
  resolveSession(c: Context): Promise<{ principal: Principal; sessionId: string | null }>;
  /** Wires revocation into the sync server: logout, removal and demotion close open connections. */
  attachSync(sync: Hocuspocus<SyncContext>): Promise<void>;
  stop(): Promise<void>;
}

/** Accounts, memberships, keys and audit, composed over one database. */
export async function createSecurity(options: SecurityOptions): Promise<Security> {
  const { database, logger, now } = options;
  const sql = database.sql;
  const auditLog = createAuditLog(sql, { now });
  const audit = createAuditRecorder(auditLog, logger);
  const ssoRepo = createSsoRepo(sql, { now });
  const ssoPolicy = createWorkspaceFlagCache(
    {
      channel: SSO_POLICY_CHANNEL,
      name: 'SSO policy',
      isOn: (id) => ssoRepo.isSsoOnly(id),
      listOn: () => ssoRepo.ssoOnlyWorkspaces(),
    },
    sql,
    logger,
  );
  await ssoPolicy.start();
  const members: MembershipCache = {
    ...createMembershipCache(createMembershipsRepo(sql, { now }), sql, logger),
    // Without SSO configured no one could meet the requirement: the operator's way back in when the provider
    // is gone is to unset it.
    requiresSso: options.sso ? ssoPolicy.has : () => false,
  };
  const twoFactor = createTwoFactorService({
    sql,
    masterKeys: options.masterKeys,
    audit,
    secret: options.secret,
    logger,
    now,
  });
  let unlistenTokens: (() => Promise<void>) | null = null;
  const apiTokens = createApiTokenAuth({
    sql,
    members,
    secret: options.secret,
    syncTokenTtlMs: options.syncTokenTtlMs,
    now,
  });
  const auth = createAuthService({
    sql,
    members,
    apiTokens,
    audit,
    secret: options.secret,
    logger,
    now,
    openSignup: options.openSignup,
    syncTokenTtlMs: options.syncTokenTtlMs,
    devUserId: options.devAuth ? 'dev' : undefined,
    secondFactor: twoFactor.gate,
  });
  if (options.devAuth) {
    logger.warn('dev auth is on: requests without a session act as an owner of the default workspace');
    await createUsersRepo(sql, { now }).ensure({ id: 'dev', name: 'Developer' });
    await createMembershipsRepo(sql, { now }).set({
      workspaceId: DEFAULT_WORKSPACE_ID,
      userId: 'dev',
      role: 'owner',
    });
  }
  const workspaces = createWorkspaceService({ sql, members, audit, now });
  const sso = createSsoService({
    config: options.sso,
    sql,
    secret: options.secret,
    auth,
    members,
    policy: ssoPolicy,
    audit,
    logger,
    now,
  });
  const keyStore = createProviderKeyStore(sql, {
    masterKeys: options.masterKeys,
    now,
    audit: auditLogWriter(audit),
  });
  const keys = createKeyService({
    store: keyStore,
    audit,
    policy: options.addressPolicy,
    lookup: options.lookup,
    logger,
  });
  const vault = createSecretsVault(sql, options.masterKeys, { now });
  const minute = (attempts: number): RateLimitRule => ({ attempts, perSeconds: 60 });
  const limiter = (name: keyof NonNullable<SecurityOptions['rateLimits']>, fallback: RateLimitRule) =>
    createRateLimiter(name, options.rateLimits?.[name] ?? fallback, options.redis);
  const deps: SecurityDeps = {
    auth,
    twoFactor,
    workspaces,
    keys,
    secrets: createSecretsService({
      vault,
      members,
      audit,
    }),
    auditLog,
    auditRetention: createAuditRetention(sql),
    sso,
    limits: {
      signIn: limiter('signIn', minute(20)),
      signUp: limiter('signUp', minute(10)),
      twoFactor: limiter('twoFactor', minute(20)),
      // Six-digit codes: 5 guesses a minute per account keeps a brute force at months, not minutes.
      twoFactorAccount: limiter('twoFactorAccount', minute(5)),
    },
    cookies: options.cookies,
    allowedOrigins: options.allowedOrigins,
  };

  return {
    members,
    audit,
    auth,
    apiTokens,
    keyStore,
    vault,
    deps,

    async resolveSession(c) {
      // A bearer token stands instead of a session; one that does not authenticate is a 401, never anonymous.
      const header = c.req.header('authorization');
      if (bearerOf(header)) {
        const principal = await apiTokens.authenticateBearer(header);
        if (!principal)
          throw new HttpError(
            401,
            ErrorCodes.unauthorized,
            'the API token is not valid: unknown, revoked, or its creator is no longer a member',
          );
        return { principal, sessionId: null };
      }
      const token = readSessionCookie(c);
      const session = token ? await auth.resolveSession(token) : null;
      return session ?? { principal: options.devAuth ? DEV_USER : ANONYMOUS, sessionId: null };
    },

    async attachSync(sync) {
      auth.onSessionRevoked((sessionId) => {
        const closed = closeSyncConnections(
          sync,
          (context) => context.sessionId === sessionId,
          syncCloseEvent('revoked', { message: 'you signed out' }),
        );
        if (closed > 0) logger.info({ closed }, 'closed the connections of a session that ended');
      });
      ssoPolicy.onRequired((workspaceId) => {
        const closed = closeSyncConnections(
          sync,
          (context, doc) =>
            doc.workspaceId === workspaceId &&
            context.principal.kind === 'user' &&
            context.principal.via === 'password',
          syncCloseEvent('revoked', { message: 'this workspace now requires single sign-on' }),
        );
        logger.info({ workspaceId, closed }, 'workspace requires SSO; closed password sessions');
      });
      await auth.start();
      // A revoked API token ends its scripts' sync connections on every server, not just the one that
      // handled the revoke (the revoking server closes its own at once, before the notification).
      unlistenTokens = await sql.listen(API_TOKEN_REVOKED_CHANNEL, (tokenId) => {
        const closed = closeSyncConnections(
          sync,
          (context) => context.principal.kind === 'token' && context.principal.tokenId === tokenId,
          syncCloseEvent('revoked', { message: 'the API token was revoked' }),
        );
        if (closed > 0) logger.info({ closed }, 'closed the connections of a revoked API token');
      });
      // A workspace that starts requiring 2FA drops the connections of sessions without it at once.
      twoFactor.onRequired((workspaceId) => {
        const closed = closeSyncConnections(
          sync,
          (context, doc) =>
            doc.workspaceId === workspaceId && context.principal.kind === 'user' && !context.principal.mfa,
          syncCloseEvent('twoFactorRequired', {
            message: 'this workspace now requires two-factor authentication',
          }),
        );
        if (closed > 0) logger.info({ workspaceId, closed }, 'closed connections without a second factor');
      });
      await twoFactor.start();
      await members.start(({ workspaceId, userId, role, previous }) => {
        const lostAccess = role === null || (role === 'viewer' && previous !== null && previous !== 'viewer');
        if (!lostAccess) return;
        const closed = closeSyncConnections(
          sync,
          (context, doc) =>
            doc.workspaceId === workspaceId &&
            (context.principal.kind === 'user' || context.principal.kind === 'token') &&
            context.principal.id === userId,
          syncCloseEvent('revoked', {
            message:
              role === null
                ? 'you are no longer a member of this workspace'
                : 'your role in this workspace changed to viewer; reload to continue read-only',
          }),
        );
        logger.info({ workspaceId, userId, role, closed }, 'membership reduced; closed open connections');
      });
    },

    async stop() {
      await unlistenTokens?.();
      unlistenTokens = null;
      await ssoPolicy.stop();
      await members.stop();
      await auth.stop();
      await twoFactor.stop();
    },
  };
}
