import type { Sql, SsoRepo } from '@synapse/db';
import type { Logger } from '../logger';

export const SSO_POLICY_CHANNEL = 'synapse_sso_policy';

/**
 * Which workspaces admit SSO sessions only, held in memory so `authorize` stays synchronous. Like the
 * membership cache: this process applies its own changes at once, other servers hear of them by NOTIFY.
 */
export interface SsoPolicyCache {
  requiresSso(workspaceId: string): boolean;
  /** Re-reads one workspace's setting after this process changed it, and tells the other servers. */
  changed(workspaceId: string): Promise<void>;
  /** Called when a workspace starts requiring SSO (to close the password sessions' connections). */
  onRequired(listener: (workspaceId: string) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSsoPolicyCache(repo: SsoRepo, sql: Sql, logger: Logger): SsoPolicyCache {
  const ssoOnly = new Set<string>();
  const listeners = new Set<(workspaceId: string) => void>();
  let unlisten: (() => Promise<void>) | null = null;

  async function refresh(workspaceId: string): Promise<void> {
    const required = await repo.isSsoOnly(workspaceId);
    const was = ssoOnly.has(workspaceId);
    if (required) ssoOnly.add(workspaceId);
    else ssoOnly.delete(workspaceId);
    if (required && !was) for (const listener of listeners) listener(workspaceId);
  }

  return {
    requiresSso: (workspaceId) => ssoOnly.has(workspaceId),
    async changed(workspaceId) {
      await refresh(workspaceId);
      await sql.notify(SSO_POLICY_CHANNEL, workspaceId);
    },
    onRequired(listener) {
      listeners.add(listener);
    },
    async start() {
      for (const id of await repo.ssoOnlyWorkspaces()) ssoOnly.add(id);
      unlisten = await sql.listen(SSO_POLICY_CHANNEL, (workspaceId) => {
        refresh(workspaceId).catch((error: unknown) =>
          logger.error({ err: error, workspaceId }, 'SSO policy refresh failed'),
        );
      });
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}
