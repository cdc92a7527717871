import {
  createInvitesRepo,
  createMembershipsRepo,
  createSessionsRepo,
  createUsersRepo,
  createWorkspacesRepo,
  type Role,
  type SessionVia,
  type Sql,
  type WorkspaceMembership,
} from '@synapse/db';
import { ErrorCodes, newId, signSyncToken, verifySyncToken } from '@synapse/schema';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { ApiTokenAuth } from './createApiTokenAuth';
import type { MembershipCache } from './createMembershipCache';
import { hashPassword, UNKNOWN_ACCOUNT_HASH, verifyPassword } from './hashPassword';
import { type Principal, RUNNER_SERVICE } from './Principal';

/** The workspace the first account on an install owns (the embedded install's existing data lives here). */
export const DEFAULT_WORKSPACE_ID = 'default';
export const SESSION_REVOKED_CHANNEL = 'synapse_session_revoked';

export interface SignedIn {
  user: { id: string; name: string; email: string };
  session: { id: string; token: string; expiresAt: number };
  workspaces: WorkspaceMembership[];
}

/** The password was right, and the account has two-factor authentication: a code must follow. */
export interface SecondFactorNeeded {
  twoFactor: { challenge: string; expiresAt: number };
}

/** What sign-in asks of the two-factor service (kept apart so this file stays about passwords). */
export interface SecondFactorGate {
  isEnabled(userId: string): Promise<boolean>;
  challengeFor(userId: string): Promise<{ challenge: string; expiresAt: number }>;
}

export interface AuthService {
  setupState(): Promise<{ needsSetup: boolean; signupOpen: boolean }>;
  signUp(input: { name: string; email: string; password: string; inviteToken?: string }): Promise<SignedIn>;
  signIn(input: { email: string; password: string }): Promise<SignedIn | SecondFactorNeeded>;
  /** Opens a session for an account whose second factor was just verified. */
  signInVerified(userId: string, via: 'totp' | 'recovery_code'): Promise<SignedIn>;
  signOut(principal: Principal, sessionId: string): Promise<void>;
  /** A new session for an account that proved who it is some other way (single sign-on). */
  openSession(
    user: { id: string; name: string; email: string },
    opts?: { via?: SessionVia; mfa?: boolean },
  ): Promise<SignedIn>;
  /** The principal a session cookie stands for, or null. */
  resolveSession(token: string): Promise<{ principal: Principal; sessionId: string } | null>;
  workspacesOf(userId: string): Promise<WorkspaceMembership[]>;
  /** Name and email of a user, as the account page shows them. */
  profile(userId: string): Promise<{ id: string; name: string; email: string | null } | null>;
  issueSyncToken(
    principal: Principal,
    sessionId: string | null,
  ): Promise<{ token: string; expiresAt: number }>;
  authenticateSyncToken(
    token: string,
  ): Promise<{ ok: true; principal: Principal; sessionId: string | null } | { ok: false; reason: string }>;
  /** Called when a session ends (here or, through NOTIFY, on another server) to close its connections. */
  onSessionRevoked(listener: (sessionId: string) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AuthServiceOptions {
  sql: Sql;
  members: MembershipCache;
  audit: AuditRecorder;
  secret: Uint8Array;
  logger: Logger;
  now: () => number;
  /** Without an invite, may anyone sign up (getting a workspace of their own)? Off by default. */
  openSignup: boolean;
  syncTokenTtlMs: number;
  sessionTtlMs?: number;
  /** Accounts with two-factor authentication get a challenge from sign-in instead of a session. */
  secondFactor?: SecondFactorGate;
  /** Dev auth (tests only): this user's tokens need no session. */
  devUserId?: string;
  /** Sync tokens derived from API tokens: the API token's principal while it is live and its creator a member. */
  apiTokens?: Pick<ApiTokenAuth, 'principalOf'>;
  /** The password hasher (tests count its calls); scrypt by default. */
  hashPassword?: (password: string) => Promise<string>;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

function validateAccount(input: { name: string; email: string; password: string }): void {
  if (!EMAIL.test(input.email.trim()))
    throw new HttpError(400, ErrorCodes.invalidRequest, 'enter a valid email address');
  if (input.password.length < 10)
    throw new HttpError(400, ErrorCodes.invalidRequest, 'use a password of at least 10 characters');
  if (!input.name.trim()) throw new HttpError(400, ErrorCodes.invalidRequest, 'enter your name');
}

/**
 * The one refusal of a sign-up that is not about the request's form or its invite link: sign-up closed, or
 * the email already has an account. One status and body for both, so the answer does not tell whether an
 * address is registered (docs/security.md, "Sign-up and existing emails").
 */
function signUpRefused(): HttpError {
  return new HttpError(
    403,
    ErrorCodes.forbidden,
    'sign-up is not possible with these details: if you have an account, sign in; otherwise ask a workspace owner for an invite link',
  );
}

/** Accounts, sessions and the short-lived tokens that authenticate sync connections. */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const { sql, members, audit, logger, now } = options;
  const users = createUsersRepo(sql, { now });
  const sessions = createSessionsRepo(sql, { now, ttlMs: options.sessionTtlMs });
  const memberships = createMembershipsRepo(sql, { now });
  const listeners = new Set<(sessionId: string) => void>();
  let unlisten: (() => Promise<void>) | null = null;

  async function openSession(
    user: { id: string; name: string; email: string },
    opts: { via?: SessionVia; mfa?: boolean } = {},
  ): Promise<SignedIn> {
    const session = await sessions.create(user.id, opts);
    return {
      user,
      session: { id: session.sessionId, token: session.token, expiresAt: session.expiresAt },
      workspaces: await memberships.listByUser(user.id),
    };
  }

  return {
    async setupState() {
      return { needsSetup: (await users.countAccounts()) === 0, signupOpen: options.openSignup };
    },

    async signUp(input) {
      validateAccount(input);
      // Hashed before anything about the email is known, so a taken address costs the same time as a free one.
      const passwordHash = await (options.hashPassword ?? hashPassword)(input.password);
      const id = newId();
      const name = input.name.trim().slice(0, 100);
      const email = input.email.trim().toLowerCase();
      const joined = await sql.transaction(async (tx) => {
        // Serialises sign-ups, so exactly one account can be the install's first.
        const txUsers = createUsersRepo(tx, { now });
        await txUsers.lockAccountCreation();
        const first = (await txUsers.countAccounts()) === 0;
        const invites = createInvitesRepo(tx, { now });
        const invite = input.inviteToken ? await invites.findOpen(input.inviteToken) : null;
        if (input.inviteToken && !invite)
          throw new HttpError(
            410,
            ErrorCodes.notFound,
            'this invite link has expired, was revoked or was used',
          );
        if (!first && !invite && !options.openSignup) throw signUpRefused();
        if (!(await txUsers.createAccount({ id, name, email, passwordHash }))) throw signUpRefused();
        const txMembers = createMembershipsRepo(tx, { now });
        let workspaceId: string;
        let role: Role;
        if (first) {
          workspaceId = DEFAULT_WORKSPACE_ID;
          role = 'owner';
        } else if (invite && input.inviteToken) {
          if (!(await invites.accept(input.inviteToken, id)))
            throw new HttpError(410, ErrorCodes.notFound, 'this invite link was used a moment ago');
          workspaceId = invite.workspaceId;
          role = invite.role;
        } else {
          workspaceId = newId();
          role = 'owner';
          await createWorkspacesRepo(tx, { now }).ensure({ id: workspaceId, name: `${name}'s workspace` });
        }
        await txMembers.set({ workspaceId, userId: id, role });
        return { workspaceId, role, first, viaInvite: Boolean(invite) };
      });
      await members.changed(joined.workspaceId, id);
      const actor = { id, name };
      await audit.record({ workspaceId: null, actor, kind: 'auth.signed_up' });
      await audit.record({
        workspaceId: joined.workspaceId,
        actor,
        kind: 'member.joined',
        target: id,
        details: {
          role: joined.role,
          via: joined.first ? 'first account' : joined.viaInvite ? 'invite' : 'sign-up',
        },
      });
      logger.info({ userId: id, workspaceId: joined.workspaceId, role: joined.role }, 'account created');
      return openSession({ id, name, email });
    },

    async signIn(input) {
      const account = await users.findAccountByEmail(String(input.email));
      // Verify against a placeholder when the email is unknown, so both failures take as long.
      const valid = await verifyPassword(
        String(input.password),
        account?.passwordHash ?? UNKNOWN_ACCOUNT_HASH,
      );
      if (!account || !valid) {
        logger.warn({ known: Boolean(account) }, 'sign-in failed');
        throw new HttpError(401, ErrorCodes.unauthorized, 'that email and password do not match an account');
      }
      const secondFactor = options.secondFactor;
      if (secondFactor && (await secondFactor.isEnabled(account.id)))
        return { twoFactor: await secondFactor.challengeFor(account.id) };
      await audit.record({
        workspaceId: null,
        actor: { id: account.id, name: account.name },
        kind: 'auth.signed_in',
      });
      return openSession({ id: account.id, name: account.name, email: account.email });
    },

    async signInVerified(userId, via) {
      const account = await users.get(userId);
      if (!account?.email) throw new HttpError(401, ErrorCodes.unauthorized, 'this account no longer exists');
      await audit.record({
        workspaceId: null,
        actor: { id: account.id, name: account.name },
        kind: 'auth.signed_in',
        details: { mfa: true, via },
      });
      return openSession({ id: account.id, name: account.name, email: account.email }, { mfa: true });
    },

    async signOut(principal, sessionId) {
      await sessions.revoke(sessionId);
      for (const listener of listeners) listener(sessionId);
      await sql.notify(SESSION_REVOKED_CHANNEL, sessionId);
      await audit.record({ workspaceId: null, actor: principal, kind: 'auth.signed_out' });
    },

    openSession,

    async resolveSession(token) {
      const session = await sessions.lookup(token);
      if (!session) return null;
      return {
        principal: {
          kind: 'user',
          id: session.userId,
          name: session.name,
          via: session.via,
          mfa: session.mfa,
        },
        sessionId: session.sessionId,
      };
    },

    workspacesOf: (userId) => memberships.listByUser(userId),

    async profile(userId) {
      const user = await users.get(userId);
      return user ? { id: user.id, name: user.name, email: user.email } : null;
    },

    async issueSyncToken(principal, sessionId) {
      if (principal.kind !== 'user') throw new Error('sync tokens are issued to users only');
      const expiresAt = now() + options.syncTokenTtlMs;
      const token = await signSyncToken(
        {
          sub: principal.id,
          kind: 'user',
          name: principal.name,
          exp: expiresAt,
          ...(sessionId ? { sid: sessionId } : {}),
        },
        options.secret,
      );
      return { token, expiresAt };
    },

    async authenticateSyncToken(token) {
      const result = await verifySyncToken(token, options.secret, now());
      if (!result.ok) return { ok: false, reason: `token ${result.reason}` };
      const { claims } = result;
      if (claims.kind === 'service') return { ok: true, principal: RUNNER_SERVICE, sessionId: null };
      // A script's token is only as good as the API token it came from: revoking it, or its creator
      // leaving the workspace, ends both.
      if (claims.kind === 'token') {
        const principal = claims.tid ? await options.apiTokens?.principalOf(claims.tid) : null;
        if (!principal || principal.id !== claims.sub)
          return { ok: false, reason: 'API token revoked, or its creator is no longer a member' };
        return { ok: true, principal, sessionId: null };
      }
      // A user token is only as good as the session it was issued to: logging out ends both.
      if (options.devUserId && claims.sub === options.devUserId && !claims.sid)
        return { ok: true, principal: { kind: 'user', id: claims.sub, name: claims.name }, sessionId: null };
      const session = claims.sid ? await sessions.active(claims.sid) : null;
      if (!claims.sid || !session) return { ok: false, reason: 'session ended' };
      return {
        ok: true,
        principal: { kind: 'user', id: claims.sub, name: claims.name, via: session.via, mfa: session.mfa },
        sessionId: claims.sid,
      };
    },

    onSessionRevoked(listener) {
      listeners.add(listener);
    },

    async start() {
      unlisten = await sql.listen(SESSION_REVOKED_CHANNEL, (sessionId) => {
        for (const listener of listeners) listener(sessionId);
      });
    },

    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}
