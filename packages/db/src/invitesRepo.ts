import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from './hashToken';
import type { Role } from './membershipsRepo';
import type { Sql } from './Sql';

export interface Invite {
  id: string;
  workspaceId: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface InviteWithWorkspace extends Invite {
  workspaceName: string;
}

export interface InvitesRepo {
  /** A new invite link; the token is returned once and stored only as a digest. */
  create(i: { workspaceId: string; role: Role; createdBy: string; ttlMs: number }): Promise<{
    invite: Invite;
    token: string;
  }>;
  /** The open invite (not expired, revoked or used) a token names. */
  findOpen(token: string): Promise<InviteWithWorkspace | null>;
  /** Marks the invite used by `userId`, atomically: a link works once. Null if it is no longer open. */
  accept(token: string, userId: string): Promise<Invite | null>;
  listOpen(workspaceId: string): Promise<Invite[]>;
  /** True when an open invite of that workspace was revoked. */
  revoke(workspaceId: string, inviteId: string): Promise<boolean>;
  /** Revokes every open invite `userId` created in the workspace (they lost the right to invite). */
  revokeCreatedBy(workspaceId: string, userId: string): Promise<number>;
}

const COLUMNS = `id, workspace_id as "workspaceId", role, created_by as "createdBy", created_at_ms as "createdAt",
  expires_at_ms as "expiresAt"`;
const OPEN = 'accepted_at_ms is null and revoked_at_ms is null and expires_at_ms > $2';
/**
 * An invite is worth what its creator may do now: only while they still own the workspace (only owners
 * invite) can it be used, so a demoted or removed owner cannot come back — or send a friend — through a
 * link they made earlier. Checked in the statement that uses the link, so no demotion slips in between.
 */
const CREATOR_STILL_OWNER = `exists (select 1 from memberships m where m.workspace_id = invites.workspace_id
  and m.user_id = invites.created_by and m.role = 'owner')`;

type InviteRow = Invite & Record<string, unknown>;

export function createInvitesRepo(sql: Sql, opts: { now?: () => number } = {}): InvitesRepo {
  const now = opts.now ?? Date.now;
  const wellFormed = (token: string) =>
    typeof token === 'string' && token.length >= 16 && token.length <= 256;
  return {
    async create(i) {
      const token = newToken();
      const at = now();
      const [row] = await sql.query<InviteRow>(
        `insert into invites (id, token_hash, workspace_id, role, created_by, created_at_ms, expires_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
        [
          randomBytes(12).toString('base64url'),
          hashToken(token),
          i.workspaceId,
          i.role,
          i.createdBy,
          at,
          at + i.ttlMs,
        ],
      );
      return { invite: row!, token };
    },
    async findOpen(token) {
      if (!wellFormed(token)) return null;
      const [row] = await sql.query<InviteWithWorkspace & Record<string, unknown>>(
        `select i.id, i.workspace_id as "workspaceId", i.role, i.created_by as "createdBy",
           i.created_at_ms as "createdAt", i.expires_at_ms as "expiresAt", w.name as "workspaceName"
         from invites i join workspaces w on w.id = i.workspace_id
         where i.token_hash = $1 and i.accepted_at_ms is null and i.revoked_at_ms is null
           and i.expires_at_ms > $2 and ${CREATOR_STILL_OWNER.replaceAll('invites.', 'i.')}`,
        [hashToken(token), now()],
      );
      return row ?? null;
    },
    async accept(token, userId) {
      if (!wellFormed(token)) return null;
      const at = now();
      const [row] = await sql.query<InviteRow>(
        `update invites set accepted_by = $3, accepted_at_ms = $2
         where token_hash = $1 and ${OPEN} and ${CREATOR_STILL_OWNER} returning ${COLUMNS}`,
        [hashToken(token), at, userId],
      );
      return row ?? null;
    },
    async listOpen(workspaceId) {
      return sql.query<InviteRow>(
        `select ${COLUMNS} from invites where workspace_id = $1 and ${OPEN} order by created_at_ms desc`,
        [workspaceId, now()],
      );
    },
    async revoke(workspaceId, inviteId) {
      const rows = await sql.query(
        `update invites set revoked_at_ms = $2 where workspace_id = $3 and id = $1 and ${OPEN} returning id`,
        [inviteId, now(), workspaceId],
      );
      return rows.length === 1;
    },
    async revokeCreatedBy(workspaceId, userId) {
      const rows = await sql.query(
        `update invites set revoked_at_ms = $2 where workspace_id = $1 and created_by = $3 and ${OPEN}
         returning id`,
        [workspaceId, now(), userId],
      );
      return rows.length;
    },
  };
}
