import type { Sql } from './Sql';

export type Role = 'owner' | 'editor' | 'viewer';

export const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];

export function isRole(value: unknown): value is Role {
  return value === 'owner' || value === 'editor' || value === 'viewer';
}

export interface Membership {
  workspaceId: string;
  userId: string;
  role: Role;
}

export interface Member extends Membership {
  name: string;
  email: string | null;
  joinedAt: number;
}

export interface WorkspaceMembership {
  workspaceId: string;
  name: string;
  role: Role;
}

export interface MembershipsRepo {
  /** Adds the member, or changes their role; returns the previous role (null when new). */
  set(m: Membership): Promise<Role | null>;
  get(workspaceId: string, userId: string): Promise<Role | null>;
  /** Returns the removed member's role, or null when they were not a member. */
  remove(workspaceId: string, userId: string): Promise<Role | null>;
  listByWorkspace(workspaceId: string): Promise<Member[]>;
  listByUser(userId: string): Promise<WorkspaceMembership[]>;
  /** Every membership on the install, for the in-memory role cache. */
  all(): Promise<Membership[]>;
  countOwners(workspaceId: string): Promise<number>;
}

export function createMembershipsRepo(sql: Sql, opts: { now?: () => number } = {}): MembershipsRepo {
  const now = opts.now ?? Date.now;
  async function get(workspaceId: string, userId: string): Promise<Role | null> {
    const [row] = await sql.query<{ role: Role }>(
      'select role from memberships where workspace_id = $1 and user_id = $2',
      [workspaceId, userId],
    );
    return row?.role ?? null;
  }
  return {
    async set(m) {
      return sql.transaction(async (tx) => {
        const [previous] = await tx.query<{ role: Role }>(
          'select role from memberships where workspace_id = $1 and user_id = $2 for update',
          [m.workspaceId, m.userId],
        );
        await tx.query(
          `insert into memberships (workspace_id, user_id, role, created_at_ms) values ($1, $2, $3, $4)
           on conflict (workspace_id, user_id) do update set role = excluded.role`,
          [m.workspaceId, m.userId, m.role, now()],
        );
        return previous?.role ?? null;
      });
    },
    get,
    async remove(workspaceId, userId) {
      const [row] = await sql.query<{ role: Role }>(
        'delete from memberships where workspace_id = $1 and user_id = $2 returning role',
        [workspaceId, userId],
      );
      return row?.role ?? null;
    },
    async listByWorkspace(workspaceId) {
      return sql.query<Member & Record<string, unknown>>(
        `select m.workspace_id as "workspaceId", m.user_id as "userId", m.role, u.name, u.email,
           m.created_at_ms as "joinedAt"
         from memberships m join users u on u.id = m.user_id
         where m.workspace_id = $1
         order by case m.role when 'owner' then 0 when 'editor' then 1 else 2 end, m.created_at_ms, m.user_id`,
        [workspaceId],
      );
    },
    async listByUser(userId) {
      return sql.query<WorkspaceMembership & Record<string, unknown>>(
        `select m.workspace_id as "workspaceId", w.name, m.role
         from memberships m join workspaces w on w.id = m.workspace_id
         where m.user_id = $1 order by w.created_at_ms, w.id`,
        [userId],
      );
    },
    async all() {
      return sql.query<Membership & Record<string, unknown>>(
        'select workspace_id as "workspaceId", user_id as "userId", role from memberships',
      );
    },
    async countOwners(workspaceId) {
      const [row] = await sql.query<{ n: number }>(
        `select count(*)::int as n from memberships where workspace_id = $1 and role = 'owner'`,
        [workspaceId],
      );
      return row?.n ?? 0;
    },
  };
}
