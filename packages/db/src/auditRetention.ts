import type { Sql } from './Sql';

const DAY_MS = 86_400_000;

/** What one pass deleted in one workspace's audit log. */
export interface PrunedWorkspace {
  workspaceId: string;
  retentionDays: number;
  /** Events older than this (epoch ms) were deleted. */
  before: number;
  /** The workspace's own events deleted. */
  workspaceEvents: number;
  /** Account events (sign-ins, which belong to no workspace) of its members deleted. */
  accountEvents: number;
}

export interface AuditRetention {
  /** Days a workspace keeps its audit events; null: forever (also for an unknown workspace). */
  get(workspaceId: string): Promise<number | null>;
  /** Sets the period and returns the previous one; false when there is no such workspace. */
  set(workspaceId: string, days: number | null): Promise<{ previous: number | null } | false>;
  /**
   * Deletes every event older than its workspace's period, in batches. An account event belongs to no
   * workspace but shows in the log of each workspace its actor is a member of, so it is deleted only once
   * it is older than the longest period among those workspaces, and never while one keeps events forever.
   */
  prune(now: number, opts?: { batchSize?: number }): Promise<PrunedWorkspace[]>;
}

// Accounts whose every workspace has a period, with the longest of them: their events older than it go.
const ACCOUNT_EVENT_CUTOFF = `(
  select $1::bigint - max(w.audit_retention_days)::bigint * ${DAY_MS}
  from memberships m join workspaces w on w.id = m.workspace_id
  where m.user_id = e.actor_id
  having bool_and(w.audit_retention_days is not null))`;

export function createAuditRetention(sql: Sql): AuditRetention {
  /** Runs one batch statement until it deletes less than a batch; sums its per-workspace counts. */
  async function drain(statement: string, now: number, batchSize: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (;;) {
      const [row] = await sql.query<{ deleted: number; byWorkspace: Record<string, number> | null }>(
        statement,
        [now, batchSize],
      );
      for (const [workspaceId, n] of Object.entries(row?.byWorkspace ?? {}))
        counts.set(workspaceId, (counts.get(workspaceId) ?? 0) + n);
      if ((row?.deleted ?? 0) < batchSize) return counts;
    }
  }

  return {
    async get(workspaceId) {
      const [row] = await sql.query<{ days: number | null }>(
        'select audit_retention_days as days from workspaces where id = $1',
        [workspaceId],
      );
      return row?.days ?? null;
    },

    async set(workspaceId, days) {
      // The previous value is read in the same statement, so two owners saving at once each see theirs.
      const [row] = await sql.query<{ previous: number | null }>(
        `update workspaces w set audit_retention_days = $2 from workspaces old
         where w.id = $1 and old.id = w.id returning old.audit_retention_days as previous`,
        [workspaceId, days],
      );
      return row ? { previous: row.previous ?? null } : false;
    },

    async prune(now, opts = {}) {
      const batchSize = opts.batchSize ?? 5000;
      const periods = await sql.query<{ id: string; days: number }>(
        'select id, audit_retention_days as days from workspaces where audit_retention_days is not null',
      );
      if (periods.length === 0) return [];
      const own = await drain(
        `with doomed as (
           delete from audit_events where id in (
             select e.id from audit_events e join workspaces w on w.id = e.workspace_id
             where w.audit_retention_days is not null
               and e.created_at_ms < $1::bigint - w.audit_retention_days::bigint * ${DAY_MS}
             limit $2)
           returning workspace_id)
         select (select count(*)::int from doomed) as deleted,
           (select jsonb_object_agg(workspace_id, n) from
             (select workspace_id, count(*)::int as n from doomed group by workspace_id) c) as "byWorkspace"`,
        now,
        batchSize,
      );
      const accounts = await drain(
        `with doomed as (
           delete from audit_events where id in (
             select e.id from audit_events e
             where e.workspace_id is null and e.created_at_ms < ${ACCOUNT_EVENT_CUTOFF}
             limit $2)
           returning actor_id)
         select (select count(*)::int from doomed) as deleted,
           (select jsonb_object_agg(workspace_id, n) from
             (select m.workspace_id, count(*)::int as n from doomed d
              join memberships m on m.user_id = d.actor_id group by m.workspace_id) c) as "byWorkspace"`,
        now,
        batchSize,
      );
      return periods
        .map((p) => ({
          workspaceId: p.id,
          retentionDays: p.days,
          before: now - p.days * DAY_MS,
          workspaceEvents: own.get(p.id) ?? 0,
          accountEvents: accounts.get(p.id) ?? 0,
        }))
        .filter((p) => p.workspaceEvents + p.accountEvents > 0);
    },
  };
}
