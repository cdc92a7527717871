import {
  createInvitesRepo,
  createMembershipsRepo,
  createWorkspacesRepo,
  type Invite,
  type Member,
  type Role,
  type Sql,
  type WorkspaceMembership,
} from '@synapse/db';
import { ErrorCodes, newId } from '@synapse/schema';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { HttpError } from '../http/HttpError';
import type { MembershipCache } from './createMembershipCache';
import type { Principal } from './Principal';

export interface WorkspaceService {
  create(actor: Principal, name: string): Promise<WorkspaceMembership>;
  listMembers(workspaceId: string): Promise<Member[]>;
  changeRole(actor: Principal, workspaceId: string, userId: string, role: Role): Promise<Member>;
  /** Owners remove anyone; any member may remove themselves (leave). The last owner stays. */
  removeMember(actor: Principal, workspaceId: string, userId: string): Promise<void>;
  createInvite(
    actor: Principal,
    workspaceId: string,
    role: Role,
    ttlHours: number,
  ): Promise<{ invite: Invite; token: string }>;
  listInvites(workspaceId: string): Promise<Invite[]>;
  revokeInvite(actor: Principal, workspaceId: string, inviteId: string): Promise<void>;
  inviteInfo(
    token: string,
  ): Promise<{ workspaceId: string; workspaceName: string; role: Role; expiresAt: number }>;
  acceptInvite(actor: Principal, token: string): Promise<WorkspaceMembership>;
}

export function createWorkspaceService(options: {
  sql: Sql;
  members: MembershipCache;
  audit: AuditRecorder;
  now: () => number;
}): WorkspaceService {
  const { sql, members, audit, now } = options;
  const workspaces = createWorkspacesRepo(sql, { now });
  const memberships = createMembershipsRepo(sql, { now });
  const invites = createInvitesRepo(sql, { now });

  function userOf(actor: Principal): { id: string; name: string } {
    if (actor.kind !== 'user') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
    return actor;
  }

  async function member(workspaceId: string, userId: string): Promise<Member> {
    const found = (await memberships.listByWorkspace(workspaceId)).find((m) => m.userId === userId);
    if (!found) throw new HttpError(404, ErrorCodes.notFound, 'no such member in this workspace');
    return found;
  }

  async function assertNotLastOwner(workspaceId: string, current: Role): Promise<void> {
    if (current === 'owner' && (await memberships.countOwners(workspaceId)) <= 1)
      throw new HttpError(
        409,
        ErrorCodes.conflict,
        'a workspace needs at least one owner; make someone else owner first',
      );
  }

  /** Invites die with their creator's right to invite (accepting them checks that too). */
  async function revokeInvitesOf(actor: Principal, workspaceId: string, userId: string, reason: string) {
    const count = await invites.revokeCreatedBy(workspaceId, userId);
    if (count > 0)
      await audit.record({
        workspaceId,
        actor,
        kind: 'invite.revoked',
        target: null,
        details: { reason, count },
      });
  }

  return {
    async create(actor, name) {
      const user = userOf(actor);
      const id = newId();
      const trimmed = name.trim().slice(0, 100) || 'Untitled workspace';
      await workspaces.ensure({ id, name: trimmed });
      await memberships.set({ workspaceId: id, userId: user.id, role: 'owner' });
      await members.changed(id, user.id);
      await audit.record({
        workspaceId: id,
        actor,
        kind: 'workspace.created',
        target: id,
        details: { name: trimmed },
      });
      return { workspaceId: id, name: trimmed, role: 'owner' };
    },

    listMembers: (workspaceId) => memberships.listByWorkspace(workspaceId),

    async changeRole(actor, workspaceId, userId, role) {
      const current = await member(workspaceId, userId);
      if (current.role === role) return current;
      if (role !== 'owner') await assertNotLastOwner(workspaceId, current.role);
      await memberships.set({ workspaceId, userId, role });
      await members.changed(workspaceId, userId);
      await audit.record({
        workspaceId,
        actor,
        kind: 'member.role_changed',
        target: userId,
        details: { name: current.name, from: current.role, to: role },
      });
      if (current.role === 'owner') await revokeInvitesOf(actor, workspaceId, userId, 'creator demoted');
      return { ...current, role };
    },

    async removeMember(actor, workspaceId, userId) {
      const user = userOf(actor);
      if (user.id !== userId && members.roleOf(user.id, workspaceId) !== 'owner')
        throw new HttpError(403, ErrorCodes.forbidden, 'only owners can remove other members');
      const current = await member(workspaceId, userId);
      await assertNotLastOwner(workspaceId, current.role);
      await memberships.remove(workspaceId, userId);
      await members.changed(workspaceId, userId);
      await audit.record({
        workspaceId,
        actor,
        kind: 'member.removed',
        target: userId,
        details: { name: current.name, role: current.role, left: user.id === userId },
      });
      if (current.role === 'owner') await revokeInvitesOf(actor, workspaceId, userId, 'creator removed');
    },

    async createInvite(actor, workspaceId, role, ttlHours) {
      const user = userOf(actor);
      const created = await invites.create({
        workspaceId,
        role,
        createdBy: user.id,
        ttlMs: ttlHours * 3_600_000,
      });
      await audit.record({
        workspaceId,
        actor,
        kind: 'invite.created',
        target: created.invite.id,
        details: { role, expiresAt: created.invite.expiresAt },
      });
      return created;
    },

    listInvites: (workspaceId) => invites.listOpen(workspaceId),

    async revokeInvite(actor, workspaceId, inviteId) {
      if (!(await invites.revoke(workspaceId, inviteId)))
        throw new HttpError(404, ErrorCodes.notFound, 'no open invite with that id');
      await audit.record({ workspaceId, actor, kind: 'invite.revoked', target: inviteId });
    },

    async inviteInfo(token) {
      const invite = await invites.findOpen(token);
      if (!invite)
        throw new HttpError(
          404,
          ErrorCodes.notFound,
          'this invite link has expired, was revoked or was used',
        );
      return {
        workspaceId: invite.workspaceId,
        workspaceName: invite.workspaceName,
        role: invite.role,
        expiresAt: invite.expiresAt,
      };
    },

    async acceptInvite(actor, token) {
      const user = userOf(actor);
      const invite = await invites.findOpen(token);
      if (!invite)
        throw new HttpError(
          404,
          ErrorCodes.notFound,
          'this invite link has expired, was revoked or was used',
        );
      const existing = members.roleOf(user.id, invite.workspaceId);
      // Already a member: the link is left for whoever it was meant for, and the role is not changed.
      if (existing) return { workspaceId: invite.workspaceId, name: invite.workspaceName, role: existing };
      if (!(await invites.accept(token, user.id)))
        throw new HttpError(404, ErrorCodes.notFound, 'this invite link was used a moment ago');
      await memberships.set({ workspaceId: invite.workspaceId, userId: user.id, role: invite.role });
      await members.changed(invite.workspaceId, user.id);
      await audit.record({
        workspaceId: invite.workspaceId,
        actor,
        kind: 'member.joined',
        target: user.id,
        details: { role: invite.role, via: 'invite' },
      });
      return { workspaceId: invite.workspaceId, name: invite.workspaceName, role: invite.role };
    },
  };
}
