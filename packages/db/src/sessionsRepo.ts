import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from './hashToken';
import type { Sql } from './Sql';

/** How a session signed in. */
export type SessionVia = 'password' | 'sso';

export interface SessionUser {
  sessionId: string;
  via: SessionVia;
  userId: string;
  name: string;
  email: string | null;
  expiresAt: number;
  /** Whether the sign-in was completed with a second factor. */
  mfa: boolean;
}

export interface SessionsRepo {
  /** A new session; the token goes into the cookie and is never stored. */
  create(
    userId: string,
    opts?: { via?: SessionVia; mfa?: boolean },
  ): Promise<{ sessionId: string; token: string; expiresAt: number }>;
  /** The live session a cookie token names, renewing its expiry when it is used (sliding window). */
  lookup(token: string): Promise<SessionUser | null>;
  /** Whether the session still exists and has not expired (sync connections check this). */
  isActive(sessionId: string): Promise<boolean>;
  /** How a live session signed in and its second-factor state, or null when it ended (sync connections check this). */
  active(sessionId: string): Promise<{ via: SessionVia; mfa: boolean } | null>;
  /** Records that the session proved a second factor (enrolment in an open session). */
  markMfa(sessionId: string): Promise<void>;
  /** Clears the second-factor mark of every session of a user (2FA turned off). */
  clearMfaForUser(userId: string): Promise<void>;
  /** Deletes the session; returns its user id, or null if it did not exist. */
  revoke(sessionId: string): Promise<string | null>;
  /** Deletes every session of a user; returns their ids. */
  revokeAllForUser(userId: string): Promise<string[]>;
}

export interface SessionsRepoOptions {
  now?: () => number;
  /** Sliding lifetime: a session unused for this long expires. Default 30 days. */
  ttlMs?: number;
}

const RENEW_AFTER_MS = 60 * 60 * 1000;

export function createSessionsRepo(sql: Sql, opts: SessionsRepoOptions = {}): SessionsRepo {
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? 30 * 24 * 60 * 60 * 1000;

  async function active(sessionId: string): Promise<{ via: SessionVia; mfa: boolean } | null> {
    const [row] = await sql.query<{ via: SessionVia; mfa: boolean }>(
      'select via, mfa from sessions where id = $1 and expires_at_ms > $2',
      [sessionId, now()],
    );
    return row ? { via: row.via, mfa: row.mfa === true } : null;
  }

  return {
    async create(userId, createOpts = {}) {
      const sessionId = randomBytes(16).toString('base64url');
      const token = newToken();
      const at = now();
      const expiresAt = at + ttlMs;
      await sql.query(
        `insert into sessions (id, token_hash, user_id, created_at_ms, last_seen_at_ms, expires_at_ms, via, mfa)
         values ($1, $2, $3, $4, $4, $5, $6, $7)`,
        [
          sessionId,
          hashToken(token),
          userId,
          at,
          expiresAt,
          createOpts.via ?? 'password',
          createOpts.mfa === true,
        ],
      );
      return { sessionId, token, expiresAt };
    },

    async lookup(token) {
      if (typeof token !== 'string' || token.length < 16 || token.length > 256) return null;
      const at = now();
      const [row] = await sql.query<SessionUser & { lastSeenAt: number } & Record<string, unknown>>(
        `select s.id as "sessionId", s.user_id as "userId", u.name, u.email, s.expires_at_ms as "expiresAt",
           s.via, s.mfa, s.last_seen_at_ms as "lastSeenAt"
         from sessions s join users u on u.id = s.user_id
         where s.token_hash = $1 and s.expires_at_ms > $2`,
        [hashToken(token), at],
      );
      if (!row) return null;
      const { lastSeenAt, ...session } = row;
      if (at - lastSeenAt > RENEW_AFTER_MS) {
        session.expiresAt = at + ttlMs;
        await sql.query('update sessions set last_seen_at_ms = $2, expires_at_ms = $3 where id = $1', [
          session.sessionId,
          at,
          session.expiresAt,
        ]);
      }
      return session;
    },

    isActive: async (sessionId) => (await active(sessionId)) !== null,
    active,

    async markMfa(sessionId) {
      await sql.query('update sessions set mfa = true where id = $1', [sessionId]);
    },

    async clearMfaForUser(userId) {
      await sql.query('update sessions set mfa = false where user_id = $1', [userId]);
    },

    async revoke(sessionId) {
      const [row] = await sql.query<{ userId: string }>(
        'delete from sessions where id = $1 returning user_id as "userId"',
        [sessionId],
      );
      return row?.userId ?? null;
    },

    async revokeAllForUser(userId) {
      const rows = await sql.query<{ id: string }>('delete from sessions where user_id = $1 returning id', [
        userId,
      ]);
      return rows.map((r) => r.id);
    },
  };
}
