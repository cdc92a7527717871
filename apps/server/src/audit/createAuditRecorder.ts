import type { AuditLog } from '@synapse/db';
import type { AuditKind } from '@synapse/schema';
import { type Actor, actorOf, type Principal } from '../auth/Principal';
import type { Logger } from '../logger';

export interface AuditEntry {
  /** null for account events (sign-in), which belong to no workspace. */
  workspaceId: string | null;
  actor: Principal | Actor;
  kind: AuditKind;
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  /**
   * Records who did what to which workspace object. Never throws: a failed audit write is logged as an
   * error rather than failing the action that was already done.
   */
  record(entry: AuditEntry): Promise<void>;
}

/** The one way the server writes the audit log. */
export function createAuditRecorder(log: Pick<AuditLog, 'record'>, logger: Logger): AuditRecorder {
  return {
    async record(entry) {
      const actor = 'kind' in entry.actor ? actorOf(entry.actor) : entry.actor;
      try {
        await log.record({
          workspaceId: entry.workspaceId,
          actorId: actor.id,
          actorName: actor.name,
          kind: entry.kind,
          target: entry.target ?? null,
          details: entry.details ?? {},
        });
      } catch (error) {
        logger.error({ err: error, kind: entry.kind, workspaceId: entry.workspaceId }, 'audit write failed');
      }
    },
  };
}

/**
 * The recorder in the audit log's own shape, for code in packages/db that records events itself (the
 * key store's `key.used`), so its failed writes are logged like every other rather than thrown.
 */
export function auditLogWriter(recorder: AuditRecorder): Pick<AuditLog, 'record'> {
  return {
    record: (event) =>
      recorder.record({
        workspaceId: event.workspaceId,
        actor: { id: event.actorId, name: event.actorName },
        kind: event.kind,
        target: event.target,
        details: event.details,
      }),
  };
}
