import { createHmac } from 'node:crypto';
import {
  createSessionsRepo,
  createTwoFactorRepo,
  createUsersRepo,
  type MasterKeyring,
  type Sql,
} from '@synapse/db';
import { ErrorCodes, signSyncToken, verifySyncToken } from '@synapse/schema';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import type { Logger } from '../logger';
import type { SecondFactorGate } from './createAuthService';
import { createWorkspaceFlagCache } from './createWorkspaceFlagCache';
import { verifyPassword } from './hashPassword';
import type { Principal } from './Principal';
import { newRecoveryCodes, newTotpSecret, totpUri, verifyTotp } from './verifyTotp';

/** How long the password step's challenge is good for. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const ISSUER = 'Synapse';
/** NOTIFY channel: a workspace started requiring 2FA (every server closes its unverified connections). */
const TWO_FACTOR_REQUIRED_CHANNEL = 'synapse_2fa_required';

type User = Extract<Principal, { kind: 'user' }>;

export interface TwoFactorService {
  gate: SecondFactorGate;
  status(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }>;
  /** A new pending secret (replacing a pending one) with its URI and a QR code as an SVG data URL. */
  setup(user: User): Promise<{ secret: string; uri: string; qrCode: string }>;
  /** Turns 2FA on with a code of the pending secret; marks this session verified; returns recovery codes. */
  enable(user: User, sessionId: string | null, code: string): Promise<{ recoveryCodes: string[] }>;
  /** Turns 2FA off after a current code or the account's password. */
  disable(user: User, proof: { code?: string; password?: string }): Promise<void>;
  /** The account a sign-in challenge stands for; 401 when it is forged or expired. */
  readChallenge(challenge: string): Promise<string>;
  /** Checks a TOTP code (once per step) or consumes a recovery code; audits failures; 401 when wrong. */
  verifySignIn(
    userId: string,
    proof: { code?: string; recoveryCode?: string },
  ): Promise<'totp' | 'recovery_code'>;
  requiredBy(workspaceId: string): Promise<boolean>;
  setRequired(user: User, workspaceId: string, required: boolean): Promise<void>;
  /** Whether a principal may use a workspace: always, unless it requires 2FA and the session lacks it. */
  allows(principal: Principal, workspaceId: string): Promise<boolean>;
  /** Called (here and, through NOTIFY, on other servers) when a workspace starts requiring 2FA. */
  onRequired(listener: (workspaceId: string) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TwoFactorServiceOptions {
  sql: Sql;
  masterKeys: MasterKeyring;
  audit: AuditRecorder;
  /** The server's signing secret; challenges use a key derived from it, so they are never sync tokens. */
  secret: Uint8Array;
  logger: Logger;
  now: () => number;
}

/** TOTP enrolment, sign-in's second step, recovery codes and the per-workspace requirement. */
export function createTwoFactorService(options: TwoFactorServiceOptions): TwoFactorService {
  const { sql, audit, now } = options;
  const repo = createTwoFactorRepo(sql, { masterKeys: options.masterKeys, now });
  const users = createUsersRepo(sql, { now });
  const sessions = createSessionsRepo(sql, { now });
  const challengeKey = new Uint8Array(
    createHmac('sha256', options.secret).update('synapse/2fa-challenge/v1').digest(),
  );
  // 401 at sign-in; 400 from a signed-in session (a 401 there would read as "your session ended").
  // Checked on every workspace request and document connection: held in memory, not queried each time.
  const required = createWorkspaceFlagCache(
    {
      channel: TWO_FACTOR_REQUIRED_CHANNEL,
      name: '2FA requirement',
      isOn: (id) => repo.workspaceRequires(id),
      listOn: () => repo.workspacesRequiring(),
    },
    sql,
    options.logger,
  );
  const wrongCode = (status: 400 | 401 = 401) =>
    new HttpError(status, ErrorCodes.twoFactorInvalidCode, 'that code is not valid; try the current one');

  /** Verifies a code of the enabled secret and claims its step, so it cannot be used again. */
  async function checkCode(userId: string, code: string): Promise<boolean> {
    const state = await repo.get(userId);
    if (!state?.enabled) return false;
    const verdict = verifyTotp({ secret: state.secret, code, now: now(), lastUsedStep: state.lastUsedStep });
    return verdict.ok && (await repo.claimStep(userId, verdict.step));
  }

  async function failed(userId: string, reason: string, status: 400 | 401 = 401): Promise<never> {
    const user = await users.get(userId);
    await audit.record({
      workspaceId: null,
      actor: { id: userId, name: user?.name ?? userId },
      kind: 'auth.2fa_failed',
      details: { reason },
    });
    throw wrongCode(status);
  }

  const gate: SecondFactorGate = {
    isEnabled: (userId) => repo.isEnabled(userId),
    async challengeFor(userId) {
      const expiresAt = now() + CHALLENGE_TTL_MS;
      const challenge = await signSyncToken(
        { sub: userId, kind: 'user', name: '2fa-challenge', exp: expiresAt },
        challengeKey,
      );
      return { challenge, expiresAt };
    },
  };

  return {
    gate,

    async status(userId) {
      return {
        enabled: await repo.isEnabled(userId),
        recoveryCodesLeft: await repo.remainingRecoveryCodes(userId),
      };
    },

    async setup(user) {
      const secret = newTotpSecret();
      if (!(await repo.savePending(user.id, secret)))
        throw new HttpError(
          409,
          ErrorCodes.conflict,
          'two-factor authentication is already on; turn it off first',
        );
      const account = await users.get(user.id);
      const uri = totpUri(secret, account?.email ?? user.name, ISSUER);
      // qrcode (~60 modules with its PNG encoder) loads on the first enrolment, not with the server.
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    async enable(user, sessionId, code) {
      const state = await repo.get(user.id);
      if (!state) throw new HttpError(409, ErrorCodes.conflict, 'start the setup first');
      if (state.enabled)
        throw new HttpError(409, ErrorCodes.conflict, 'two-factor authentication is already on');
      const verdict = verifyTotp({ secret: state.secret, code, now: now(), lastUsedStep: null });
      if (!verdict.ok) throw wrongCode(400);
      const recoveryCodes = newRecoveryCodes();
      if (!(await repo.enable(user.id, verdict.step, recoveryCodes)))
        throw new HttpError(409, ErrorCodes.conflict, 'two-factor authentication is already on');
      // The code just proved the second factor for the session it was entered in.
      if (sessionId) await sessions.markMfa(sessionId);
      await audit.record({ workspaceId: null, actor: user, kind: 'auth.2fa_enabled' });
      return { recoveryCodes };
    },

    async disable(user, proof) {
      if (!(await repo.isEnabled(user.id)))
        throw new HttpError(409, ErrorCodes.conflict, 'two-factor authentication is not on');
      let proven = false;
      if (proof.code) proven = await checkCode(user.id, proof.code);
      else if (proof.password) {
        const email = (await users.get(user.id))?.email;
        const account = email ? await users.findAccountByEmail(email) : null;
        proven = account !== null && (await verifyPassword(proof.password, account.passwordHash));
      }
      if (!proven) await failed(user.id, proof.code ? 'disable: wrong code' : 'disable: wrong password', 400);
      await repo.disable(user.id);
      await sessions.clearMfaForUser(user.id);
      await audit.record({ workspaceId: null, actor: user, kind: 'auth.2fa_disabled' });
    },

    async readChallenge(challenge) {
      const result = await verifySyncToken(challenge, challengeKey, now());
      if (!result.ok || result.claims.name !== '2fa-challenge')
        throw new HttpError(
          401,
          ErrorCodes.twoFactorChallengeExpired,
          'this sign-in attempt expired; enter your email and password again',
        );
      return result.claims.sub;
    },

    async verifySignIn(userId, proof) {
      if (proof.recoveryCode) {
        if (!(await repo.isEnabled(userId)) || !(await repo.useRecoveryCode(userId, proof.recoveryCode)))
          return failed(userId, 'wrong recovery code');
        const user = await users.get(userId);
        await audit.record({
          workspaceId: null,
          actor: { id: userId, name: user?.name ?? userId },
          kind: 'auth.recovery_code_used',
          details: { left: await repo.remainingRecoveryCodes(userId) },
        });
        return 'recovery_code';
      }
      if (!(await checkCode(userId, proof.code ?? ''))) return failed(userId, 'wrong code');
      return 'totp';
    },

    requiredBy: async (workspaceId) => required.has(workspaceId),

    async setRequired(user, workspaceId, on) {
      // Requiring it from a session without the second factor would lock this owner out at once.
      if (on && !user.mfa)
        throw new HttpError(
          409,
          ErrorCodes.twoFactorRequired,
          'turn on two-factor authentication for your own account (and sign in with it) before requiring it',
        );
      await repo.setWorkspaceRequirement(workspaceId, on);
      await required.changed(workspaceId);
      await audit.record({
        workspaceId,
        actor: user,
        kind: 'workspace.2fa_required',
        details: { required: on },
      });
    },

    async allows(principal, workspaceId) {
      if (principal.kind !== 'user' || principal.mfa) return true;
      return !required.has(workspaceId);
    },

    onRequired: (listener) => required.onRequired(listener),
    start: () => required.start(),
    stop: () => required.stop(),
  };
}
