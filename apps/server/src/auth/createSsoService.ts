import {
  createMembershipsRepo,
  createSsoRepo,
  createUsersRepo,
  type Role,
  type Sql,
  type SsoUser,
} from '@synapse/db';
import { ErrorCodes, newId } from '@synapse/schema';
import type { SsoErrorReason } from '@synapse/schema/api';
import * as oidc from 'openid-client';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { AuthService, SignedIn } from './createAuthService';
import { DEFAULT_WORKSPACE_ID } from './createAuthService';
import type { MembershipCache } from './createMembershipCache';
import type { WorkspaceFlagCache } from './createWorkspaceFlagCache';
import type { Principal } from './Principal';
import { openSsoPending, SSO_PENDING_TTL_MS, sealSsoPending } from './sealSsoPending';

/** Single sign-on with one OpenID Connect provider, as the operator configured it. */
export interface SsoConfig {
  /** The provider's issuer URL (its discovery document is at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, no client authentication). */
  clientSecret?: string;
  /** What the button says: "Sign in with <name>". */
  name: string;
  /** The origin browsers reach this server at, for the redirect URI (absent: the request's own). */
  publicUrl?: string;
  /** Role and workspace of an account created at its first SSO sign-in. */
  defaultRole: Role;
  workspaceId: string;
}

/** What the browser must bring back to the callback: kept in a signed, HttpOnly, short-lived cookie. */
export interface SsoPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** An SSO sign-in that did not work, with the reason the sign-in page explains. */
export class SsoFailure extends Error {
  constructor(
    readonly reason: SsoErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface SsoService {
  /** The button's name, or null when SSO is not configured. */
  readonly name: string | null;
  /** The configured public origin the provider redirects back to, or null to use the request's. */
  readonly publicUrl: string | null;
  /**
   * The provider's authorization URL for a new sign-in, and the sealed state, nonce and PKCE verifier the
   * browser keeps (in a cookie) until the callback.
   */
  begin(redirectUri: string): Promise<{ url: URL; sealed: string; expiresAt: number }>;
  /** Checks the provider's answer against the sealed pending sign-in and opens an SSO session. */
  complete(callbackUrl: URL, sealed: string | undefined): Promise<SignedIn>;
  /** Whether the workspace admits SSO sessions only. */
  ssoOnly(workspaceId: string): boolean;
  /** An owner's switch; turning it on needs SSO configured and an SSO session (so they keep access). */
  setSsoOnly(principal: Principal, workspaceId: string, on: boolean): Promise<void>;
}

export interface SsoServiceOptions {
  config: SsoConfig | undefined;
  sql: Sql;
  /** Signs the pending sign-in the browser carries. */
  secret: Uint8Array;
  auth: AuthService;
  members: MembershipCache;
  policy: WorkspaceFlagCache;
  audit: AuditRecorder;
  logger: Logger;
  now: () => number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The provider's answers that mean "the person did not sign in", rather than "something broke". */
const DENIED = new Set(['access_denied', 'consent_required', 'login_required', 'interaction_required']);

interface Identity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string;
}

export function createSsoService(options: SsoServiceOptions): SsoService {
  const { config, sql, auth, members, policy, audit, logger, now } = options;
  const sso = createSsoRepo(sql, { now });

  async function setSsoOnly(principal: Principal, workspaceId: string, on: boolean): Promise<void> {
    if (on && !config)
      throw new HttpError(409, ErrorCodes.conflict, 'single sign-on is not configured on this server');
    if (on && (principal.kind !== 'user' || principal.via !== 'sso'))
      throw new HttpError(
        409,
        ErrorCodes.conflict,
        'sign in with single sign-on before requiring it, so you keep access to this workspace',
      );
    if (!(await sso.setSsoOnly(workspaceId, on)))
      throw new HttpError(404, ErrorCodes.notFound, 'no such workspace');
    await policy.changed(workspaceId);
    await audit.record({
      workspaceId,
      actor: principal,
      kind: 'workspace.sso_only_changed',
      details: { ssoOnly: on },
    });
  }

  if (!config) {
    const fail = () => Promise.reject(new SsoFailure('disabled', 'single sign-on is not configured'));
    return {
      name: null,
      publicUrl: null,
      begin: fail,
      complete: fail,
      ssoOnly: policy.has,
      setSsoOnly,
    };
  }
  let discovered: Promise<oidc.Configuration> | null = null;

  /** Discovery once, retried after a failure (a provider that was down may be back). */
  function provider(settings: SsoConfig): Promise<oidc.Configuration> {
    if (!discovered) {
      const issuer = new URL(settings.issuer);
      const insecureLoopback = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      discovered = oidc
        .discovery(
          issuer,
          settings.clientId,
          undefined,
          settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
          // Plain http only to a provider on this machine (development, tests); anything else needs https.
          insecureLoopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          discovered = null;
          logger.warn({ err: error, issuer: settings.issuer }, 'SSO discovery failed');
          throw new SsoFailure('provider', 'the identity provider could not be reached');
        });
    }
    return discovered;
  }

  async function identify(settings: SsoConfig, callbackUrl: URL, pending: SsoPending): Promise<Identity> {
    const configuration = await provider(settings);
    const error = callbackUrl.searchParams.get('error');
    if (error)
      throw new SsoFailure(DENIED.has(error) ? 'denied' : 'provider', `the provider answered ${error}`);
    if (callbackUrl.searchParams.get('state') !== pending.state)
      throw new SsoFailure('state', 'the state does not match the one this browser started with');
    // The token request must name the redirect URI the sign-in started with (behind a proxy the URL this
    // server saw differs), and openid-client takes it from the URL it is given.
    const answered = new URL(pending.redirectUri);
    answered.search = callbackUrl.search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, answered, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (cause) {
      logger.warn({ err: cause }, 'SSO code exchange or ID token check failed');
      const network = cause instanceof TypeError || (cause as { code?: string }).code === 'ECONNREFUSED';
      throw new SsoFailure(network ? 'provider' : 'failed', 'the code exchange or the ID token check failed');
    }
    const claims = tokens.claims();
    if (!claims) throw new SsoFailure('failed', 'the provider sent no ID token');
    // Providers put email and name in the ID token or only in userinfo; ask userinfo when they are missing.
    let profile: Record<string, unknown> = claims;
    if (claims.email === undefined && configuration.serverMetadata().userinfo_endpoint) {
      try {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        profile = { ...info, ...claims };
      } catch (cause) {
        logger.warn({ err: cause }, 'SSO userinfo request failed');
        throw new SsoFailure('provider', 'the userinfo request failed');
      }
    }
    const email = typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : null;
    const name = [profile.name, profile.preferred_username, email?.split('@')[0]].find(
      (v): v is string => typeof v === 'string' && v.trim().length > 0,
    );
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email,
      emailVerified: profile.email_verified === true,
      name: (name ?? 'SSO user').trim().slice(0, 100),
    };
  }

  /** An account for a new identity: linked to the verified email's account, or created just in time. */
  async function accountFor(settings: SsoConfig, who: Identity): Promise<SsoUser> {
    const { email } = who;
    if (!email || !who.emailVerified)
      throw new SsoFailure('unverified', 'the provider did not verify the email address');
    const created = await sql.transaction(async (tx) => {
      const users = createUsersRepo(tx, { now });
      await users.lockAccountCreation();
      const txSso = createSsoRepo(tx, { now });
      const existing = await txSso.findAccountByEmail(email);
      if (existing) {
        await txSso.link({ issuer: who.issuer, subject: who.subject, userId: existing.id, email });
        return { user: existing, joined: null };
      }
      // The install's first account owns it, however it signed up.
      const first = (await users.countAccounts()) === 0;
      const user = { id: newId(), name: who.name, email };
      await txSso.createAccount(user);
      await txSso.link({ issuer: who.issuer, subject: who.subject, userId: user.id, email });
      const joined = first
        ? { workspaceId: DEFAULT_WORKSPACE_ID, role: 'owner' as const, first }
        : { workspaceId: settings.workspaceId, role: settings.defaultRole, first };
      await createMembershipsRepo(tx, { now }).set({ ...joined, userId: user.id });
      return { user, joined };
    });
    const { user, joined } = created;
    await audit.record({
      workspaceId: null,
      actor: user,
      kind: 'auth.sso_linked',
      details: { issuer: who.issuer, email, account: joined ? 'created' : 'existing' },
    });
    if (joined) {
      await members.changed(joined.workspaceId, user.id);
      await audit.record({ workspaceId: null, actor: user, kind: 'auth.signed_up', details: { via: 'sso' } });
      await audit.record({
        workspaceId: joined.workspaceId,
        actor: user,
        kind: 'member.joined',
        target: user.id,
        details: { role: joined.role, via: joined.first ? 'first account' : 'single sign-on' },
      });
      logger.info({ userId: user.id, workspaceId: joined.workspaceId }, 'account created by single sign-on');
    }
    return user;
  }

  return {
    name: config.name,
    publicUrl: config.publicUrl ?? null,

    async begin(redirectUri) {
      const configuration = await provider(config);
      const pending: SsoPending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        redirectUri,
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      const expiresAt = now() + SSO_PENDING_TTL_MS;
      return { url, sealed: sealSsoPending(pending, options.secret, expiresAt), expiresAt };
    },

    async complete(callbackUrl, sealed) {
      const pending = openSsoPending(sealed, options.secret, now());
      if (!pending) throw new SsoFailure('state', 'no sign-in was started in this browser, or it expired');
      const who = await identify(config, callbackUrl, pending);
      const user = (await sso.findLinked(who.issuer, who.subject)) ?? (await accountFor(config, who));
      await audit.record({ workspaceId: null, actor: user, kind: 'auth.signed_in', details: { via: 'sso' } });
      return auth.openSession(user, { via: 'sso' });
    },

    ssoOnly: policy.has,
    setSsoOnly,
  };
}
