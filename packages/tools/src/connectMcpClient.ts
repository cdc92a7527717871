// Everything that touches the MCP SDK at runtime: imported by createMcpClientPool on first use only.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes } from '@synapse/schema';
import type { McpServerConfig } from './McpServerConfig';
import { ToolError } from './ToolError';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function transportFor(config: McpServerConfig, fetch: FetchLike | undefined): Transport {
  if (config.transport === 'stdio') {
    return new StdioClientTransport({
      command: config.command,
      args: config.args,
      // The SDK's safe default environment (PATH, HOME, …) plus what the operator set, nothing else.
      env: { ...getDefaultEnvironment(), ...(config.env ?? {}) },
      stderr: 'pipe',
    });
  }
  return new StreamableHTTPClientTransport(new URL(config.url), {
    requestInit: { headers: config.headers ?? {} },
    ...(fetch ? { fetch } : {}),
  });
}

/** A protocol-level answer (the server is up and spoke MCP): reconnecting would not help. */
export function isProtocolError(error: unknown): boolean {
  return error instanceof McpError && error.code !== -32000 && error.code !== -32001;
}

/** Connects one client with a deadline on the handshake. */
export function connectMcpClient(
  config: McpServerConfig,
  fetch: FetchLike | undefined,
  connectTimeoutMs: number,
): Promise<Client> {
  const client = new Client({ name: 'synapse-runner', version: '1.0.0' });
  const transport = transportFor(config, fetch);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // connect() can wait forever on a server that never answers; the deadline closes the transport.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void transport.close().catch(() => undefined);
      reject(new ToolError(ErrorCodes.toolsConnectTimeout, `MCP server ${config.id} did not answer in time`));
    }, connectTimeoutMs);
  });
  return Promise.race([client.connect(transport, { timeout: connectTimeoutMs }), deadline])
    .then(() => client)
    .catch((error: unknown) => {
      void client.close().catch(() => undefined);
      throw ToolError.from(error, ErrorCodes.toolsConnectFailed, `cannot connect to MCP server ${config.id}`);
    })
    .finally(() => clearTimeout(timer));
}
