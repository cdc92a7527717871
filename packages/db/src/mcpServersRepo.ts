import { randomBytes } from 'node:crypto';
import type { Sql } from './Sql';

/** A workspace's MCP server as stored; the auth header value is in the key store, never here. */
export interface McpServerRow {
  id: string;
  workspaceId: string;
  name: string;
  transport: 'http' | 'stdio';
  url: string | null;
  stdioEntry: string | null;
  headerName: string | null;
  /** The provider_keys row holding the encrypted header value. */
  headerKeyId: string | null;
  createdBy: string;
  createdAt: number;
}

export interface McpServersRepo {
  create(
    r: Omit<McpServerRow, 'id' | 'createdAt'> & { id?: string; createdAt: number },
  ): Promise<McpServerRow>;
  list(workspaceId: string): Promise<McpServerRow[]>;
  get(workspaceId: string, id: string): Promise<McpServerRow | null>;
  remove(workspaceId: string, id: string): Promise<McpServerRow | null>;
}

const COLUMNS = `id, workspace_id as "workspaceId", name, transport, url, stdio_entry as "stdioEntry",
  header_name as "headerName", header_key_id as "headerKeyId", created_by as "createdBy",
  created_at_ms as "createdAt"`;

export function newMcpServerId(): string {
  return randomBytes(9)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x');
}

export function createMcpServersRepo(sql: Sql): McpServersRepo {
  return {
    async create(r) {
      const [row] = await sql.query<McpServerRow & Record<string, unknown>>(
        `insert into mcp_servers (id, workspace_id, name, transport, url, stdio_entry, header_name, header_key_id,
           created_by, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COLUMNS}`,
        [
          r.id ?? newMcpServerId(),
          r.workspaceId,
          r.name,
          r.transport,
          r.url,
          r.stdioEntry,
          r.headerName,
          r.headerKeyId,
          r.createdBy,
          r.createdAt,
        ],
      );
      return row as McpServerRow;
    },
    list(workspaceId) {
      return sql.query<McpServerRow & Record<string, unknown>>(
        `select ${COLUMNS} from mcp_servers where workspace_id = $1 order by created_at_ms, id`,
        [workspaceId],
      );
    },
    async get(workspaceId, id) {
      const [row] = await sql.query<McpServerRow & Record<string, unknown>>(
        `select ${COLUMNS} from mcp_servers where workspace_id = $1 and id = $2`,
        [workspaceId, id],
      );
      return row ?? null;
    },
    async remove(workspaceId, id) {
      const [row] = await sql.query<McpServerRow & Record<string, unknown>>(
        `delete from mcp_servers where workspace_id = $1 and id = $2 returning ${COLUMNS}`,
        [workspaceId, id],
      );
      return row ?? null;
    },
  };
}
