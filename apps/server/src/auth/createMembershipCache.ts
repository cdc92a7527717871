import type { MembershipsRepo, Role, Sql } from '@synapse/db';
import type { Logger } from '../logger';
import type { MembershipLookup } from './authorize';

export const MEMBERSHIP_CHANNEL = 'synapse_membership';

export type MembershipChange = (change: {
  workspaceId: string;
  userId: string;
  role: Role | null;
  previous: Role | null;
}) => void;

/**
 * Every role on the install, held in memory so `authorize` stays a pure, synchronous function. This process
 * applies its own writes at once; other servers sharing the database hear about them through NOTIFY and
 * re-read the row. `onChange` sees every change that takes access away (to close open connections).
 */
export interface MembershipCache extends MembershipLookup {
  start(onChange: MembershipChange): Promise<void>;
  /** Re-reads one membership after this process changed it, and tells the other servers. */
  changed(workspaceId: string, userId: string): Promise<void>;
  stop(): Promise<void>;
}

export function createMembershipCache(repo: MembershipsRepo, sql: Sql, logger: Logger): MembershipCache {
  const roles = new Map<string, Role>();
  const key = (workspaceId: string, userId: string) => `${workspaceId}\u0000${userId}`;
  let onChange: MembershipChange = () => undefined;
  let unlisten: (() => Promise<void>) | null = null;

  async function refresh(workspaceId: string, userId: string): Promise<void> {
    const role = await repo.get(workspaceId, userId);
    const previous = roles.get(key(workspaceId, userId)) ?? null;
    if (role) roles.set(key(workspaceId, userId), role);
    else roles.delete(key(workspaceId, userId));
    if (role !== previous) onChange({ workspaceId, userId, role, previous });
  }

  return {
    roleOf: (userId, workspaceId) => roles.get(key(workspaceId, userId)) ?? null,
    async start(callback) {
      onChange = callback;
      for (const m of await repo.all()) roles.set(key(m.workspaceId, m.userId), m.role);
      unlisten = await sql.listen(MEMBERSHIP_CHANNEL, (payload) => {
        try {
          const { w, u } = JSON.parse(payload) as { w: string; u: string };
          refresh(w, u).catch((error: unknown) => logger.error({ err: error }, 'membership refresh failed'));
        } catch {
          logger.warn({ payload }, 'malformed membership notification');
        }
      });
    },
    async changed(workspaceId, userId) {
      await refresh(workspaceId, userId);
      await sql.notify(MEMBERSHIP_CHANNEL, JSON.stringify({ w: workspaceId, u: userId }));
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}
