import type { Sql } from './Sql';

/** An immutable full-state version of a workflow document, written at every run start or on demand. */
export interface WorkflowVersion {
  id: string;
  workspaceId: string;
  workflowId: string;
  /** Full Yjs state, V2 encoding. */
  state: Uint8Array;
  /** The graph as plain JSON, for the runner and for reading without Yjs. */
  graph: unknown;
  reason: 'run' | 'manual';
  createdBy: string;
  createdAt: number;
}

export interface VersionRepo {
  create(v: WorkflowVersion): Promise<void>;
  get(id: string): Promise<WorkflowVersion | null>;
}

interface VersionRecord {
  id: string;
  workspace_id: string;
  workflow_id: string;
  state: Uint8Array;
  graph: unknown;
  reason: 'run' | 'manual';
  created_by: string;
  created_at_ms: number;
  [column: string]: unknown;
}

export function createVersionRepo(sql: Sql): VersionRepo {
  return {
    async create(v) {
      await sql.query(
        `insert into workflow_versions
           (id, workspace_id, workflow_id, state, graph, reason, created_by, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [v.id, v.workspaceId, v.workflowId, v.state, v.graph, v.reason, v.createdBy, v.createdAt],
      );
    },

    async get(id) {
      const [row] = await sql.query<VersionRecord>('select * from workflow_versions where id = $1', [id]);
      if (!row) return null;
      return {
        id: row.id,
        workspaceId: row.workspace_id,
        workflowId: row.workflow_id,
        state: row.state,
        graph: row.graph,
        reason: row.reason,
        createdBy: row.created_by,
        createdAt: row.created_at_ms,
      };
    },
  };
}
