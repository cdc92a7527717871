import type { Role } from '@synapse/schema/api';
import { useSession } from './useSession';

/** The signed-in user's role in a workspace (null when not a member or signed out). */
export function useWorkspaceRole(workspaceId: string): Role | null {
  return useSession()?.session?.workspaces.find((w) => w.id === workspaceId)?.role ?? null;
}
