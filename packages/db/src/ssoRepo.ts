import type { Sql } from './Sql';
import { normalizeEmail } from './usersRepo';

export interface SsoIdentity {
  issuer: string;
  subject: string;
  userId: string;
  email: string | null;
  createdAt: number;
}

export interface SsoUser {
  id: string;
  name: string;
  email: string;
}

export interface SsoRepo {
  /** The account an (issuer, subject) identity was linked to, or null. */
  findLinked(issuer: string, subject: string): Promise<SsoUser | null>;
  /** Links the identity to an account; false when it is already linked (to anyone). */
  link(identity: { issuer: string; subject: string; userId: string; email: string | null }): Promise<boolean>;
  /** The account with that email, whether or not it has a password. */
  findAccountByEmail(email: string): Promise<SsoUser | null>;
  /** Creates an account that signs in by SSO only (no password); false when the email is taken. */
  createAccount(a: { id: string; name: string; email: string }): Promise<boolean>;
  identitiesOf(userId: string): Promise<SsoIdentity[]>;
  setSsoOnly(workspaceId: string, on: boolean): Promise<boolean>;
  isSsoOnly(workspaceId: string): Promise<boolean>;
  /** Every workspace that admits SSO sessions only, for the in-memory policy cache. */
  ssoOnlyWorkspaces(): Promise<string[]>;
}

const USER = 'u.id, u.name, u.email';

/** Provider identities linked to accounts, and the workspaces that require them. */
export function createSsoRepo(sql: Sql, opts: { now?: () => number } = {}): SsoRepo {
  const now = opts.now ?? Date.now;
  return {
    async findLinked(issuer, subject) {
      const [row] = await sql.query<SsoUser & Record<string, unknown>>(
        `select ${USER} from sso_identities i join users u on u.id = i.user_id
         where i.issuer = $1 and i.subject = $2 and u.email is not null`,
        [issuer, subject],
      );
      return row ?? null;
    },
    async link(identity) {
      const rows = await sql.query(
        `insert into sso_identities (issuer, subject, user_id, email, created_at_ms) values ($1, $2, $3, $4, $5)
         on conflict do nothing returning user_id`,
        [identity.issuer, identity.subject, identity.userId, identity.email, now()],
      );
      return rows.length === 1;
    },
    async findAccountByEmail(email) {
      const [row] = await sql.query<SsoUser & Record<string, unknown>>(
        `select ${USER} from users u where u.email = $1`,
        [normalizeEmail(email)],
      );
      return row ?? null;
    },
    async createAccount(a) {
      const rows = await sql.query(
        `insert into users (id, name, email, created_at_ms) values ($1, $2, $3, $4)
         on conflict do nothing returning id`,
        [a.id, a.name, normalizeEmail(a.email), now()],
      );
      return rows.length === 1;
    },
    async identitiesOf(userId) {
      return sql.query<SsoIdentity & Record<string, unknown>>(
        `select issuer, subject, user_id as "userId", email, created_at_ms as "createdAt"
         from sso_identities where user_id = $1 order by created_at_ms, issuer, subject`,
        [userId],
      );
    },
    async setSsoOnly(workspaceId, on) {
      const rows = await sql.query('update workspaces set sso_only = $2 where id = $1 returning id', [
        workspaceId,
        on,
      ]);
      return rows.length === 1;
    },
    async isSsoOnly(workspaceId) {
      const [row] = await sql.query<{ ssoOnly: boolean }>(
        'select sso_only as "ssoOnly" from workspaces where id = $1',
        [workspaceId],
      );
      return row?.ssoOnly ?? false;
    },
    async ssoOnlyWorkspaces() {
      const rows = await sql.query<{ id: string }>('select id from workspaces where sso_only order by id');
      return rows.map((r) => r.id);
    },
  };
}
