import type { Sql } from './Sql';

export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
}

export interface WorkspacesRepo {
  /** Creates the workspace unless it exists; an existing one keeps its name. */
  ensure(w: { id: string; name: string }): Promise<void>;
  get(id: string): Promise<Workspace | null>;
  /** Oldest first. */
  list(): Promise<Workspace[]>;
}

const SELECT = 'select id, name, created_at_ms as "createdAt" from workspaces';

export function createWorkspacesRepo(sql: Sql, opts: { now?: () => number } = {}): WorkspacesRepo {
  const now = opts.now ?? Date.now;
  return {
    async ensure(w) {
      await sql.query(
        'insert into workspaces (id, name, created_at_ms) values ($1, $2, $3) on conflict (id) do nothing',
        [w.id, w.name, now()],
      );
    },
    async get(id) {
      const [row] = await sql.query<Workspace & Record<string, unknown>>(`${SELECT} where id = $1`, [id]);
      return row ?? null;
    },
    async list() {
      return sql.query<Workspace & Record<string, unknown>>(`${SELECT} order by created_at_ms, id`);
    },
  };
}
