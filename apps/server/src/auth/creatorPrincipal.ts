import { effectiveRole, type MembershipLookup } from './authorize';
import type { TokenPrincipal } from './Principal';

/**
 * The principal a trigger (webhook, schedule) acts as: its creator at their current role, like an API token
 * of scope `run`. Null when the creator is no longer an editor or owner of the workspace, so the trigger
 * starts nothing.
 */
export function creatorPrincipal(
  trigger: { createdBy: string; workspaceId: string; name: string; tokenId: string },
  members: MembershipLookup,
): TokenPrincipal | null {
  const principal: TokenPrincipal = {
    kind: 'token',
    id: trigger.createdBy,
    name: trigger.name,
    tokenId: trigger.tokenId,
    workspaceId: trigger.workspaceId,
    scope: 'run',
  };
  const role = effectiveRole(principal, members);
  return role === 'owner' || role === 'editor' ? principal : null;
}
