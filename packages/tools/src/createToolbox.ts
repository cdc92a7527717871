import { ErrorCodes } from '@synapse/schema';
import type { McpClientPool } from './createMcpClientPool';
import type { McpServerConfig, ToolOutcome } from './McpServerConfig';
import { ToolError } from './ToolError';
import { parseToolRef } from './toolRefs';

/** A tool built into Synapse (web search), offered to agents as `builtin:<name>`. */
export interface BuiltinTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
}

/** What the model is offered for one tool, and which reference it came from. */
export interface OfferedTool {
  ref: string;
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface OpenedTools {
  tools: OfferedTool[];
  /** Runs the call the model asked for by name; failures come back as `isError` outcomes. */
  call(name: string, argumentsJson: string, signal: AbortSignal): Promise<ToolOutcome>;
}

export interface Toolbox {
  /** Resolves an agent's tool references; a reference that cannot be resolved throws a ToolError. */
  open(refs: string[], signal: AbortSignal): Promise<OpenedTools>;
}

export interface ToolboxOptions {
  pool: McpClientPool;
  /** The workspace's server by id (decrypted), or null when it is unknown or not allowed. */
  resolveServer(serverId: string): Promise<McpServerConfig | null>;
  builtins?: BuiltinTool[];
}

/** Names a model may call: letters, digits, `_` and `-`, at most 64 characters (OpenAI's rule). */
function modelToolName(taken: Set<string>, ...parts: string[]): string {
  const base = parts
    .join('__')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 60);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 57)}_${i}`;
  taken.add(name);
  return name;
}

function parseArguments(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Resolves agents' tool references into model-callable tools for one workspace: MCP tools through
 * the runner's client pool (listed once per `open`), built-ins directly. Tool failures, bad JSON
 * arguments and unknown names become error results the model can react to.
 */
export function createToolbox(options: ToolboxOptions): Toolbox {
  const builtins = new Map((options.builtins ?? []).map((b) => [b.name, b]));
  return {
    async open(refs, signal) {
      const taken = new Set<string>();
      const offered: OfferedTool[] = [];
      const targets = new Map<
        string,
        (args: Record<string, unknown>, s: AbortSignal) => Promise<ToolOutcome>
      >();
      const listed = new Map<
        string,
        { config: McpServerConfig; tools: Awaited<ReturnType<McpClientPool['listTools']>> }
      >();
      for (const ref of refs) {
        const parsed = parseToolRef(ref);
        if (!parsed) throw new ToolError(ErrorCodes.toolsUnknown, `${ref} is not a tool reference`);
        if (parsed.kind === 'builtin') {
          const builtin = builtins.get(parsed.name);
          if (!builtin) {
            const why =
              parsed.name === 'web_search'
                ? 'the workspace has no Brave or Tavily key'
                : 'no such built-in tool';
            throw new ToolError(ErrorCodes.toolsUnknown, `${ref} is not available: ${why}`);
          }
          const name = modelToolName(taken, builtin.name);
          offered.push({ ref, name, description: builtin.description, inputSchema: builtin.inputSchema });
          targets.set(name, (args, s) => builtin.call(args, s));
          continue;
        }
        let server = listed.get(parsed.serverId);
        if (!server) {
          const config = await options.resolveServer(parsed.serverId);
          if (!config) {
            throw new ToolError(
              ErrorCodes.toolsUnknownServer,
              `MCP server ${parsed.serverId} is not configured`,
            );
          }
          server = { config, tools: await options.pool.listTools(config, signal) };
          listed.set(parsed.serverId, server);
        }
        const tool = server.tools.find((t) => t.name === parsed.name);
        if (!tool) {
          throw new ToolError(
            ErrorCodes.toolsUnknown,
            `MCP server ${parsed.serverId} has no tool ${parsed.name}`,
          );
        }
        const config = server.config;
        const name = modelToolName(taken, tool.name);
        offered.push({
          ref,
          name,
          ...(tool.description ? { description: tool.description } : {}),
          inputSchema: tool.inputSchema,
        });
        targets.set(name, (args, s) => options.pool.callTool(config, tool.name, args, s));
      }
      return {
        tools: offered,
        async call(name, argumentsJson, callSignal) {
          const target = targets.get(name);
          if (!target) return { content: `There is no tool named ${name}.`, isError: true };
          const args = parseArguments(argumentsJson);
          if (!args) return { content: 'The arguments were not a JSON object.', isError: true };
          try {
            return await target(args, callSignal);
          } catch (error) {
            return { content: error instanceof Error ? error.message : String(error), isError: true };
          }
        },
      };
    },
  };
}
