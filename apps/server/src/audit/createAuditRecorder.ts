import type { AuditLog } from '@synapse/db';
import type { Principal } from '../auth/Principal';
import type { Logger } from '../logger';

export type AuditKind =
  | 'auth.signed_up'
  | 'auth.signed_in'
  | 'auth.signed_out'
  | 'workspace.created'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.removed'
  | 'invite.created'
  | 'invite.revoked'
  | 'key.created'
  | 'key.used'
  | 'key.deleted'
  | 'workflow.created'
  | 'workflow.deleted'
  | 'run.started'
  | 'run.cancelled';

export interface AuditEntry {
  /** null for account events (sign-in), which belong to no workspace. */
  workspaceId: string | null;
  actor: Principal | { id: string; name: string };
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

function actorOf(actor: AuditEntry['actor']): { id: string; name: string } {
  if ('kind' in actor) {
    if (actor.kind === 'anonymous') return { id: 'anonymous', name: 'Anonymous' };
    return { id: actor.id, name: actor.name };
  }
  return actor;
}

export function createAuditRecorder(log: AuditLog, logger: Logger): AuditRecorder {
  return {
    async record(entry) {
      const actor = actorOf(entry.actor);
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
