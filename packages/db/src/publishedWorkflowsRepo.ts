import type { InputVariable } from '@synapse/schema';
import type { Sql } from './Sql';

/** A workflow published as a tool on its workspace's MCP endpoint. */
export interface PublishedWorkflow {
  workspaceId: string;
  workflowId: string;
  toolName: string;
  description: string;
  publishedBy: string;
  publishedAt: number;
  /**
   * The workflow's Input-node variables as of its last stored state: the tool's input schema. Null when
   * the row predates this field and nobody has read the document since.
   */
  inputs: InputVariable[] | null;
}

export interface PublishedWorkflowsRepo {
  /** Publishes, or republishes under a new name/description; throws when the tool name is taken. */
  publish(p: PublishedWorkflow): Promise<PublishedWorkflow>;
  /** By tool name. */
  list(workspaceId: string): Promise<PublishedWorkflow[]>;
  /** False when the workflow was not published. */
  unpublish(workspaceId: string, workflowId: string): Promise<boolean>;
  /** Records the workflow's current inputs if it is published; true when that changed the row. */
  setInputs(workspaceId: string, workflowId: string, inputs: InputVariable[]): Promise<boolean>;
}

const COLUMNS = `workspace_id as "workspaceId", workflow_id as "workflowId", tool_name as "toolName",
  description, published_by as "publishedBy", published_at_ms as "publishedAt", input_variables as inputs`;

type Row = PublishedWorkflow & Record<string, unknown>;

export function createPublishedWorkflowsRepo(sql: Sql): PublishedWorkflowsRepo {
  return {
    async publish(p) {
      const [row] = await sql.query<Row>(
        `insert into published_workflows (workspace_id, workflow_id, tool_name, description, published_by,
           published_at_ms, input_variables)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb)
         on conflict (workspace_id, workflow_id) do update set tool_name = excluded.tool_name,
           description = excluded.description, published_by = excluded.published_by,
           published_at_ms = excluded.published_at_ms, input_variables = excluded.input_variables
         returning ${COLUMNS}`,
        [p.workspaceId, p.workflowId, p.toolName, p.description, p.publishedBy, p.publishedAt, p.inputs],
      );
      return row as PublishedWorkflow;
    },
    list(workspaceId) {
      return sql.query<Row>(
        `select ${COLUMNS} from published_workflows where workspace_id = $1 order by tool_name`,
        [workspaceId],
      );
    },
    async unpublish(workspaceId, workflowId) {
      const rows = await sql.query(
        `delete from published_workflows where workspace_id = $1 and workflow_id = $2 returning workflow_id`,
        [workspaceId, workflowId],
      );
      return rows.length > 0;
    },
    async setInputs(workspaceId, workflowId, inputs) {
      const rows = await sql.query(
        `update published_workflows set input_variables = $3::jsonb
         where workspace_id = $1 and workflow_id = $2 and input_variables is distinct from $3::jsonb
         returning workflow_id`,
        [workspaceId, workflowId, inputs],
      );
      return rows.length > 0;
    },
  };
}
