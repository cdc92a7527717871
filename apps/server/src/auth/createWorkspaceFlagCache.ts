import type { Sql } from '@synapse/db';
import type { Logger } from '../logger';

/**
 * The workspaces an owner's switch is on for (SSO only, 2FA required), held in memory so checks on every
 * request and document connection stay synchronous and query nothing. Like the membership cache: this
 * process applies its own changes at once, other servers hear of them by NOTIFY on `channel`.
 */
export interface WorkspaceFlagCache {
  has(workspaceId: string): boolean;
  /** Re-reads one workspace's setting after this process changed it, and tells the other servers. */
  changed(workspaceId: string): Promise<void>;
  /** Called when the switch turns on for a workspace (to close the connections it now refuses). */
  onRequired(listener: (workspaceId: string) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkspaceFlagSource {
  channel: string;
  /** Named in the log when a refresh fails. */
  name: string;
  isOn(workspaceId: string): Promise<boolean>;
  listOn(): Promise<string[]>;
}

export function createWorkspaceFlagCache(
  source: WorkspaceFlagSource,
  sql: Sql,
  logger: Logger,
): WorkspaceFlagCache {
  const on = new Set<string>();
  const listeners = new Set<(workspaceId: string) => void>();
  let unlisten: (() => Promise<void>) | null = null;

  async function refresh(workspaceId: string): Promise<void> {
    const required = await source.isOn(workspaceId);
    const was = on.has(workspaceId);
    if (required) on.add(workspaceId);
    else on.delete(workspaceId);
    if (required && !was) for (const listener of listeners) listener(workspaceId);
  }

  return {
    has: (workspaceId) => on.has(workspaceId),
    async changed(workspaceId) {
      await refresh(workspaceId);
      await sql.notify(source.channel, workspaceId);
    },
    onRequired(listener) {
      listeners.add(listener);
    },
    async start() {
      for (const id of await source.listOn()) on.add(id);
      unlisten = await sql.listen(source.channel, (workspaceId) => {
        refresh(workspaceId).catch((error: unknown) =>
          logger.error({ err: error, workspaceId }, `${source.name} refresh failed`),
        );
      });
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}
