/** How to reach one MCP server, resolved by the host (stored settings or the operator's allow-list). */
export type McpServerConfig =
  | {
      id: string;
      transport: 'http';
      url: string;
      /** Sent with every request, e.g. `{ authorization: 'Bearer …' }` (decrypted by the host). */
      headers?: Record<string, string>;
    }
  | {
      id: string;
      transport: 'stdio';
      /** Fixed by the operator; users only pick the entry by id. */
      command: string;
      args: string[];
      env?: Record<string, string>;
    };

/** A tool an MCP server lists, with the JSON Schema of its arguments. */
export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** What a tool call returns to the model: text, flagged when the tool failed. */
export interface ToolOutcome {
  content: string;
  isError: boolean;
}

/** A stable key for pooling: the same server with other credentials or arguments is another client. */
export function poolKeyOf(config: McpServerConfig): string {
  return config.transport === 'http'
    ? JSON.stringify([config.id, 'http', config.url, Object.entries(config.headers ?? {}).sort()])
    : JSON.stringify([
        config.id,
        'stdio',
        config.command,
        config.args,
        Object.entries(config.env ?? {}).sort(),
      ]);
}
