import { randomBytes } from 'node:crypto';
import type { Sql } from './Sql';

/** One memory-bank entry and where it came from. */
export interface MemoryEntry {
  id: string;
  workspaceId: string;
  content: string;
  runId: string | null;
  nodeId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface MemoryHit extends MemoryEntry {
  rank: number;
}

export interface MemoryRepo {
  add(e: {
    workspaceId: string;
    content: string;
    runId?: string | null;
    nodeId?: string | null;
    createdBy: string;
    now: number;
  }): Promise<MemoryEntry>;
  /**
   * Entries matching any of the query's words (English stemming), best ranked first; entries sharing
   * no word with the query are never returned.
   */
  search(workspaceId: string, query: string, limit: number): Promise<MemoryHit[]>;
  /** Newest first; with `query`, ranked search instead. */
  list(
    workspaceId: string,
    options?: { query?: string; limit?: number; offset?: number },
  ): Promise<MemoryEntry[]>;
  update(workspaceId: string, id: string, content: string, now: number): Promise<MemoryEntry | null>;
  remove(workspaceId: string, id: string): Promise<boolean>;
  /** Entries written by one run. */
  countByRun(workspaceId: string, runId: string): Promise<number>;
}

const COLUMNS = `id, workspace_id as "workspaceId", content, run_id as "runId", node_id as "nodeId",
  created_by as "createdBy", created_at_ms as "createdAt", updated_at_ms as "updatedAt"`;

export const MAX_MEMORY_CHARS = 20_000;

/** Words of the query joined with OR: recall matters more than precision when picking context. */
function orQuery(text: string): string {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).slice(0, 64);
  return [...new Set(words)].join(' | ');
}

export function createMemoryRepo(sql: Sql): MemoryRepo {
  async function search(workspaceId: string, query: string, limit: number): Promise<MemoryHit[]> {
    const q = orQuery(query);
    if (!q) return [];
    return sql.query<MemoryHit & Record<string, unknown>>(
      `select ${COLUMNS}, ts_rank(search, to_tsquery('english', $2)) as rank
       from memory_entries
       where workspace_id = $1 and search @@ to_tsquery('english', $2)
       order by rank desc, created_at_ms desc limit $3`,
      [workspaceId, q, Math.max(1, Math.min(100, limit))],
    );
  }
  return {
    async add(e) {
      const content = e.content.trim().slice(0, MAX_MEMORY_CHARS);
      const [row] = await sql.query<MemoryEntry & Record<string, unknown>>(
        `insert into memory_entries (id, workspace_id, content, run_id, node_id, created_by, created_at_ms,
           updated_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning ${COLUMNS}`,
        [
          randomBytes(12).toString('base64url'),
          e.workspaceId,
          content,
          e.runId ?? null,
          e.nodeId ?? null,
          e.createdBy,
          e.now,
        ],
      );
      return row as MemoryEntry;
    },
    search,
    async list(workspaceId, options = {}) {
      const limit = Math.max(1, Math.min(200, options.limit ?? 50));
      if (options.query?.trim()) return search(workspaceId, options.query, limit);
      return sql.query<MemoryEntry & Record<string, unknown>>(
        `select ${COLUMNS} from memory_entries where workspace_id = $1
         order by created_at_ms desc, id limit $2 offset $3`,
        [workspaceId, limit, Math.max(0, options.offset ?? 0)],
      );
    },
    async update(workspaceId, id, content, now) {
      const [row] = await sql.query<MemoryEntry & Record<string, unknown>>(
        `update memory_entries set content = $3, updated_at_ms = $4
         where workspace_id = $1 and id = $2 returning ${COLUMNS}`,
        [workspaceId, id, content.trim().slice(0, MAX_MEMORY_CHARS), now],
      );
      return row ?? null;
    },
    async remove(workspaceId, id) {
      const rows = await sql.query(
        `delete from memory_entries where workspace_id = $1 and id = $2 returning id`,
        [workspaceId, id],
      );
      return rows.length > 0;
    },
    async countByRun(workspaceId, runId) {
      const [row] = await sql.query<{ n: number }>(
        `select count(*)::int as n from memory_entries where workspace_id = $1 and run_id = $2`,
        [workspaceId, runId],
      );
      return row?.n ?? 0;
    },
  };
}
