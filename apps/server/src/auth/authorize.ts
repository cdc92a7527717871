import type { DocRef } from '@synapse/schema';
import type { Principal, TokenPrincipal } from './Principal';

export type Access = 'none' | 'read' | 'write';

/** Everything that can be authorized: a document, or a workspace-scoped API surface. */
export type Resource =
  | { kind: 'document'; doc: DocRef }
  | { kind: 'workspace'; workspaceId: string; action: 'read' | 'write' | 'admin' }
  | { kind: 'system'; action: 'read' };

/** Each user's role in each workspace (backed by the memberships table through an in-memory cache). */
export interface MembershipLookup {
  roleOf(userId: string, workspaceId: string): 'owner' | 'editor' | 'viewer' | null;
  /** Whether the workspace admits SSO sessions only (absent: no workspace does). */
  requiresSso?(workspaceId: string): boolean;
}

/** A member signed in with a password, in a workspace whose owners require single sign-on. */
export function refusedForSso(principal: Principal, workspaceId: string, members: MembershipLookup): boolean {
  return (
    principal.kind === 'user' && principal.via === 'password' && (members.requiresSso?.(workspaceId) ?? false)
  );
}

/** The foundation's membership: the dev user owns the default workspace, nothing else exists. */
export const devMembership: MembershipLookup = {
  roleOf: (userId, workspaceId) => (userId === 'dev' && workspaceId === 'default' ? 'owner' : null),
};

type Role = 'owner' | 'editor' | 'viewer';
const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };
/** The most a token of each scope may act as. */
const SCOPE_CAP: Record<TokenPrincipal['scope'], Role> = { read: 'viewer', run: 'editor' };

/**
 * What an API token may do in its workspace now: its creator's current role, capped by its scope; null
 * once the creator is no member (the token then authenticates nothing).
 */
export function effectiveRole(principal: TokenPrincipal, members: MembershipLookup): Role | null {
  const role = members.roleOf(principal.id, principal.workspaceId);
  if (!role) return null;
  const cap = SCOPE_CAP[principal.scope];
  return RANK[role] <= RANK[cap] ? role : cap;
}

function workspaceOf(resource: Resource): string | null {
  if (resource.kind === 'document') return resource.doc.workspaceId;
  if (resource.kind === 'workspace') return resource.workspaceId;
  return null;
}

/**
 * The one authorization function: every route and every document goes through it.
 * Run documents are written only by the runner; users can at most read them. `admin` (members, invites,
 * audit) is for owners only; a service principal never administers. A workspace that requires single
 * sign-on refuses sessions that signed in with a password. An API token acts in its own workspace only,
 * as its creator's current role capped by its scope.
 */
export function authorize(principal: Principal, resource: Resource, members: MembershipLookup): Access {
  if (resource.kind === 'system') return principal.kind === 'anonymous' ? 'none' : 'read';
  if (principal.kind === 'anonymous') return 'none';
  if (principal.kind === 'service') {
    if (resource.kind === 'document') return resource.doc.kind === 'run' ? 'write' : 'read';
    return resource.action === 'admin' ? 'none' : 'read';
  }
  const workspaceId = workspaceOf(resource);
  let role: Role | null;
  if (principal.kind === 'token')
    role = workspaceId === principal.workspaceId ? effectiveRole(principal, members) : null;
  else role = workspaceId ? members.roleOf(principal.id, workspaceId) : null;
  if (!role || (workspaceId && refusedForSso(principal, workspaceId, members))) return 'none';
  const canWrite = role === 'owner' || role === 'editor';
  if (resource.kind === 'document') {
    if (resource.doc.kind === 'run') return 'read';
    return canWrite ? 'write' : 'read';
  }
  if (resource.action === 'read') return 'read';
  if (resource.action === 'admin') return role === 'owner' ? 'write' : 'none';
  return canWrite ? 'write' : 'none';
}
