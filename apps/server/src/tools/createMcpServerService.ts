import {
  type AddressPolicy,
  checkAddress,
  createMcpServersRepo,
  type LookupAddresses,
  type McpServerRow,
  newMcpServerId,
  normalizeBaseUrl,
  type ProviderKeyStore,
  type Sql,
  systemLookup,
} from '@synapse/db';
import { type AuditKind, ErrorCodes } from '@synapse/schema';
import {
  type McpToolInfo,
  mcpHeaderProvider,
  type StdioServerEntry,
  ToolError,
  type ToolsRuntime,
} from '@synapse/tools';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import { actorOf, type Principal } from '../auth/Principal';
import { HttpError } from '../http/HttpError';

/** A server as the API shows it: never the header value, never a stdio command line. */
export interface McpServerView {
  id: string;
  name: string;
  transport: 'http' | 'stdio';
  url: string | null;
  stdioEntry: string | null;
  headerName: string | null;
  hasHeader: boolean;
  createdAt: number;
}

export type AddMcpServerInput =
  | { transport: 'http'; name: string; url: string; headerName?: string; headerValue?: string }
  | { transport: 'stdio'; name?: string; entry: string };

export interface McpServerService {
  list(
    workspaceId: string,
  ): Promise<{ servers: McpServerView[]; stdioChoices: { id: string; label: string }[] }>;
  add(actor: Principal, workspaceId: string, input: AddMcpServerInput): Promise<McpServerView>;
  remove(actor: Principal, workspaceId: string, id: string): Promise<void>;
  /** The server's tools; a server that cannot be reached is a result with `error`, not a failure. */
  listTools(workspaceId: string, id: string): Promise<{ tools: McpToolInfo[]; error: string | null }>;
}

const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
// Headers the transport itself owns: a user value would break or smuggle the protocol.
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'accept',
  'mcp-session-id',
  'mcp-protocol-version',
]);

function view(row: McpServerRow): McpServerView {
  return {
    id: row.id,
    name: row.name,
    transport: row.transport,
    url: row.url,
    stdioEntry: row.stdioEntry,
    headerName: row.headerName,
    hasHeader: row.headerKeyId !== null,
    createdAt: row.createdAt,
  };
}

/**
 * A workspace's MCP servers. HTTP URLs pass the address policy when saved (and every connection goes
 * through the guarded fetch); auth header values go into the encrypted key store bound to the URL;
 * stdio servers are picked by id from the operator's allow-list and nothing else.
 */
export function createMcpServerService(options: {
  sql: Sql;
  keyStore: ProviderKeyStore;
  audit: AuditRecorder;
  runtime: ToolsRuntime;
  stdioServers: readonly StdioServerEntry[];
  addressPolicy: AddressPolicy;
  lookup?: LookupAddresses;
  now?: () => number;
}): McpServerService {
  const repo = createMcpServersRepo(options.sql);
  const now = options.now ?? Date.now;
  const lookup = options.lookup ?? systemLookup;
  const audit = (
    actor: Principal,
    workspaceId: string,
    kind: AuditKind,
    target: string,
    details: Record<string, unknown>,
  ) => options.audit.record({ workspaceId, actor, kind, target, details });

  return {
    async list(workspaceId) {
      return {
        servers: (await repo.list(workspaceId)).map(view),
        stdioChoices: options.stdioServers.map((s) => ({ id: s.id, label: s.label })),
      };
    },

    async add(actor, workspaceId, input) {
      const id = newMcpServerId();
      const createdBy = actorOf(actor).id;
      if (input.transport === 'stdio') {
        const entry = options.stdioServers.find((s) => s.id === input.entry);
        if (!entry) {
          throw new HttpError(
            400,
            ErrorCodes.invalidRequest,
            `no stdio MCP server ${input.entry} is configured by the operator`,
          );
        }
        const row = await repo.create({
          id,
          workspaceId,
          name: input.name?.trim() || entry.label,
          transport: 'stdio',
          url: null,
          stdioEntry: entry.id,
          headerName: null,
          headerKeyId: null,
          createdBy,
          createdAt: now(),
        });
        await audit(actor, workspaceId, 'mcp_server.created', row.id, {
          transport: 'stdio',
          entry: entry.id,
        });
        return view(row);
      }
      let url: string;
      try {
        url = normalizeBaseUrl(input.url.trim());
      } catch (error) {
        throw new HttpError(400, ErrorCodes.invalidRequest, `invalid MCP URL: ${(error as Error).message}`);
      }
      const check = await checkAddress(url, options.addressPolicy, lookup);
      if (!check.ok) throw new HttpError(422, ErrorCodes.addressRefused, `MCP URL refused: ${check.reason}`);
      const headerName = input.headerName?.trim().toLowerCase() || (input.headerValue ? 'authorization' : '');
      if (input.headerValue && (!HEADER_NAME.test(headerName) || RESERVED_HEADERS.has(headerName))) {
        throw new HttpError(
          400,
          ErrorCodes.invalidRequest,
          `${headerName} cannot be used as the auth header`,
        );
      }
      let headerKeyId: string | null = null;
      if (input.headerValue) {
        try {
          const key = await options.keyStore.save({
            workspaceId,
            provider: mcpHeaderProvider(id),
            baseUrl: url,
            apiKey: input.headerValue,
            label: `MCP server ${input.name.trim()} (${headerName})`,
            createdBy,
          });
          headerKeyId = key.id;
        } catch (error) {
          throw new HttpError(400, ErrorCodes.invalidRequest, (error as Error).message);
        }
      }
      const row = await repo.create({
        id,
        workspaceId,
        name: input.name.trim(),
        transport: 'http',
        url,
        stdioEntry: null,
        headerName: headerKeyId ? headerName : null,
        headerKeyId,
        createdBy,
        createdAt: now(),
      });
      await audit(actor, workspaceId, 'mcp_server.created', row.id, {
        transport: 'http',
        url,
        header: headerKeyId !== null,
      });
      return view(row);
    },

    async remove(actor, workspaceId, id) {
      const row = await repo.remove(workspaceId, id);
      if (!row) throw new HttpError(404, ErrorCodes.notFound, 'no such MCP server in this workspace');
      if (row.headerKeyId) await options.keyStore.remove(workspaceId, row.headerKeyId);
      await audit(actor, workspaceId, 'mcp_server.deleted', id, { name: row.name });
    },

    async listTools(workspaceId, id) {
      const config = await options.runtime.resolveServer(workspaceId, id);
      if (!config) throw new HttpError(404, ErrorCodes.notFound, 'no such MCP server in this workspace');
      try {
        return {
          tools: await options.runtime.pool.listTools(config, AbortSignal.timeout(20_000)),
          error: null,
        };
      } catch (error) {
        const message = error instanceof ToolError || error instanceof Error ? error.message : String(error);
        return { tools: [], error: `could not list tools: ${message}` };
      }
    },
  };
}
