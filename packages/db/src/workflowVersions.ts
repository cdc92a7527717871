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
  /** What the person who saved it called it; manual versions only. */
  name?: string;
  createdBy: string;
  createdAt: number;
}

/** A version as listed: no state or graph, plus the run that froze it (run versions) and its size. */
export interface VersionSummary {
  id: string;
  workspaceId: string;
  workflowId: string;
  reason: 'run' | 'manual';
  name: string | null;
  createdBy: string;
  createdAt: number;
  runId: string | null;
  nodeCount: number;
  /** The workflow's published version (see publishedVersions.ts). */
  published: boolean;
}

export interface VersionRepo {
  create(v: WorkflowVersion): Promise<void>;
  get(id: string): Promise<WorkflowVersion | null>;
  /** The workflow's versions, newest first (ties by id), at most `limit` (default 100). */
  listByWorkflow(workspaceId: string, workflowId: string, limit?: number): Promise<VersionSummary[]>;
}

interface VersionRecord {
  id: string;
  workspace_id: string;
  workflow_id: string;
  state: Uint8Array;
  graph: unknown;
  reason: 'run' | 'manual';
  name: string | null;
  created_by: string;
  created_at_ms: number;
  [column: string]: unknown;
}

interface SummaryRecord {
  id: string;
  workspace_id: string;
  workflow_id: string;
  reason: 'run' | 'manual';
  name: string | null;
  created_by: string;
  created_at_ms: number;
  run_id: string | null;
  node_count: number | null;
  published: boolean;
  [column: string]: unknown;
}

export function createVersionRepo(sql: Sql): VersionRepo {
  return {
    async create(v) {
      await sql.query(
        `insert into workflow_versions
           (id, workspace_id, workflow_id, state, graph, reason, name, created_by, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          v.id,
          v.workspaceId,
          v.workflowId,
          v.state,
          v.graph,
          v.reason,
          v.name ?? null,
          v.createdBy,
          v.createdAt,
        ],
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
        ...(row.name === null ? {} : { name: row.name }),
        createdBy: row.created_by,
        createdAt: row.created_at_ms,
      };
    },

    async listByWorkflow(workspaceId, workflowId, limit = 100) {
      const rows = await sql.query<SummaryRecord>(
        `select v.id, v.workspace_id, v.workflow_id, v.reason, v.name, v.created_by, v.created_at_ms,
                case when v.reason = 'run'
                     then (select r.id from runs r where r.version_id = v.id limit 1) end as run_id,
                exists (select 1 from published_versions p
                         where p.workspace_id = v.workspace_id and p.workflow_id = v.workflow_id
                           and p.version_id = v.id) as published,
                jsonb_array_length(case when jsonb_typeof(v.graph -> 'nodes') = 'array'
                                        then v.graph -> 'nodes' else '[]'::jsonb end) as node_count
           from workflow_versions v
          where v.workspace_id = $1 and v.workflow_id = $2
          order by v.created_at_ms desc, v.id desc
          limit $3`,
        [workspaceId, workflowId, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        workspaceId: row.workspace_id,
        workflowId: row.workflow_id,
        reason: row.reason,
        name: row.name,
        createdBy: row.created_by,
        createdAt: Number(row.created_at_ms),
        runId: row.run_id,
        nodeCount: Number(row.node_count ?? 0),
        published: row.published === true,
      }));
    },
  };
}
