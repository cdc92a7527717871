import type { AuditKind } from '@synapse/schema';
import type { Sql } from './Sql';

export interface AuditEvent {
  id: number;
  workspaceId: string | null;
  actorId: string;
  actorName: string;
  /** An `AuditKind` when written; read back as stored. */
  kind: string;
  target: string | null;
  details: Record<string, unknown>;
  createdAt: number;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'createdAt' | 'kind' | 'target' | 'details'> & {
  kind: AuditKind;
  target?: string | null;
  details?: Record<string, unknown>;
};

export interface AuditQuery {
  workspaceId: string;
  actorId?: string;
  /** Exact kind (`key.created`) or a prefix ending in `.` (`key.`). */
  kind?: string;
  since?: number;
  until?: number;
  /** Cursor: only events with a smaller id (the page before). */
  before?: number;
  limit?: number;
}

export interface AuditLog {
  record(event: NewAuditEvent): Promise<void>;
  /**
   * A workspace's events, newest first, plus its members' account events (sign-ins), which belong to no
   * workspace.
   */
  query(q: AuditQuery): Promise<AuditEvent[]>;
  /**
   * Every event matching `q` (its `limit` and `before` ignored), newest first, a page at a time: each page
   * is one keyset query (`id < last id`), so an export of any size holds one page in memory.
   */
  scan(q: AuditQuery, opts?: { pageSize?: number }): AsyncGenerator<AuditEvent[]>;
}

const COLUMNS = `id, workspace_id as "workspaceId", actor_id as "actorId", actor_name as "actorName", kind, target,
  details, created_at_ms as "createdAt"`;

export function createAuditLog(sql: Sql, opts: { now?: () => number } = {}): AuditLog {
  const now = opts.now ?? Date.now;
  return {
    async record(e) {
      await sql.query(
        `insert into audit_events (workspace_id, actor_id, actor_name, kind, target, details, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [e.workspaceId, e.actorId, e.actorName, e.kind, e.target ?? null, e.details ?? {}, now()],
      );
    },
    query: (q) => select(q, Math.min(Math.max(q.limit ?? 100, 1), 500)),
    async *scan(q, opts = {}) {
      const pageSize = Math.max(opts.pageSize ?? 500, 1);
      let before: number | undefined;
      for (;;) {
        const page = await select({ ...q, before }, pageSize);
        if (page.length > 0) yield page;
        const last = page.at(-1);
        if (page.length < pageSize || !last) return;
        before = last.id;
      }
    },
  };

  function select(q: AuditQuery, limit: number): Promise<AuditEvent[]> {
    const params: unknown[] = [q.workspaceId];
    const where = [
      `(workspace_id = $1 or (workspace_id is null and actor_id in
         (select user_id from memberships where workspace_id = $1)))`,
    ];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.kind?.endsWith('.')) add(`kind like ? escape '\\'`, `${q.kind.replace(/[\\%_]/g, '\\$&')}%`);
    else if (q.kind) add('kind = ?', q.kind);
    if (q.since !== undefined) add('created_at_ms >= ?', q.since);
    if (q.until !== undefined) add('created_at_ms <= ?', q.until);
    if (q.before !== undefined) add('id < ?', q.before);
    params.push(limit);
    return sql.query<AuditEvent & Record<string, unknown>>(
      `select ${COLUMNS} from audit_events where ${where.join(' and ')}
       order by id desc limit $${params.length}`,
      params,
    );
  }
}
