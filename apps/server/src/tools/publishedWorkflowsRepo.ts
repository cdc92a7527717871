import type { Sql } from '@synapse/db';

/** A workflow published as a tool on its workspace's MCP endpoint. */
export interface PublishedWorkflow {
  workspaceId: string;
  workflowId: string;
  toolName: string;
  description: string;
  publishedBy: string;
  publishedAt: number;
}

const COLUMNS = `workspace_id as "workspaceId", workflow_id as "workflowId", tool_name as "toolName",
  description, published_by as "publishedBy", published_at_ms as "publishedAt"`;

export function createPublishedWorkflowsRepo(sql: Sql) {
  return {
    async publish(p: PublishedWorkflow): Promise<PublishedWorkflow> {
      const [row] = await sql.query<PublishedWorkflow & Record<string, unknown>>(
        `insert into published_workflows (workspace_id, workflow_id, tool_name, description, published_by,
           published_at_ms)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (workspace_id, workflow_id) do update set tool_name = excluded.tool_name,
           description = excluded.description, published_by = excluded.published_by,
           published_at_ms = excluded.published_at_ms
         returning ${COLUMNS}`,
        [p.workspaceId, p.workflowId, p.toolName, p.description, p.publishedBy, p.publishedAt],
      );
      return row as PublishedWorkflow;
    },
    list(workspaceId: string): Promise<PublishedWorkflow[]> {
      return sql.query<PublishedWorkflow & Record<string, unknown>>(
        `select ${COLUMNS} from published_workflows where workspace_id = $1 order by tool_name`,
        [workspaceId],
      );
    },
    async unpublish(workspaceId: string, workflowId: string): Promise<boolean> {
      const rows = await sql.query(
        `delete from published_workflows where workspace_id = $1 and workflow_id = $2 returning workflow_id`,
        [workspaceId, workflowId],
      );
      return rows.length > 0;
    },
  };
}
