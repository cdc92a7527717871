import type { Sql } from './Sql';

export interface User {
  id: string;
  name: string;
  email: string | null;
  createdAt: number;
}

export interface Account extends User {
  email: string;
  passwordHash: string;
}

export interface UsersRepo {
  /** Creates an account; false when the email is already taken. */
  createAccount(a: { id: string; name: string; email: string; passwordHash: string }): Promise<boolean>;
  /** Creates a user row that cannot sign in (the dev user, service principals) unless it exists. */
  ensure(u: { id: string; name: string }): Promise<void>;
  get(id: string): Promise<User | null>;
  /** The account with that email (compared case-insensitively), with its password hash. */
  findAccountByEmail(email: string): Promise<Account | null>;
  /**
   * Accounts (users with an email: a password, SSO or both); the first one created on an install owns the
   * default workspace.
   */
  countAccounts(): Promise<number>;
  /**
   * Inside a transaction: holds off every other account creation until it ends, so two sign-ups cannot
   * both count zero accounts and both become the install's first.
   */
  lockAccountCreation(): Promise<void>;
}

const USER = 'id, name, email, created_at_ms as "createdAt"';

/** Emails are stored trimmed and lower-cased, so lookups and the unique index agree. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createUsersRepo(sql: Sql, opts: { now?: () => number } = {}): UsersRepo {
  const now = opts.now ?? Date.now;
  return {
    async createAccount(a) {
      const rows = await sql.query(
        `insert into users (id, name, email, password_hash, created_at_ms) values ($1, $2, $3, $4, $5)
         on conflict do nothing returning id`,
        [a.id, a.name, normalizeEmail(a.email), a.passwordHash, now()],
      );
      return rows.length === 1;
    },
    async ensure(u) {
      await sql.query(
        'insert into users (id, name, created_at_ms) values ($1, $2, $3) on conflict (id) do nothing',
        [u.id, u.name, now()],
      );
    },
    async get(id) {
      const [row] = await sql.query<User & Record<string, unknown>>(
        `select ${USER} from users where id = $1`,
        [id],
      );
      return row ?? null;
    },
    async findAccountByEmail(email) {
      const [row] = await sql.query<Account & Record<string, unknown>>(
        `select ${USER}, password_hash as "passwordHash" from users
         where email = $1 and password_hash is not null`,
        [normalizeEmail(email)],
      );
      return row ?? null;
    },
    async countAccounts() {
      const [row] = await sql.query<{ n: number }>(
        'select count(*)::int as n from users where email is not null',
      );
      return row?.n ?? 0;
    },
    async lockAccountCreation() {
      await sql.query('lock table users in share row exclusive mode');
    },
  };
}
