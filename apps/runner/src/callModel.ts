import type { ChatChunk, ChatMessage, ToolSpec } from '@synapse/providers';
import { ErrorCodes, type ModelRef } from '@synapse/schema';

/** One model call of a node, before routing: the chain is the node's model followed by its fallbacks. */
export interface NodeModelRequest {
  chain: ModelRef[];
  system?: string;
  prompt: string;
  /** The conversation so far (tool-calling loop); when set it is sent instead of `prompt`. */
  messages?: ChatMessage[];
  /** Tools the model may call. */
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON reply (native JSON mode where the provider has one). */
  json?: boolean;
  /** Retries per model after its first attempt. */
  retries: number;
  /** Deadline of one attempt. */
  timeoutMs?: number;
  signal: AbortSignal;
}

/** What a routed model call streams: the provider's chunks plus the router's attempt bookkeeping. */
export type ModelEvent =
  | ChatChunk
  | { type: 'attempt'; attempt: number; provider: string; model: string }
  | { type: 'attempt_failed'; attempt: number; code: string; message: string }
  /** Text of the failed attempt already reached the caller: discard it, the next attempt starts over. */
  | { type: 'restart'; attempt: number };

/** Tools resolved for one agent node: what the model is offered and how its calls run. */
export interface NodeTools {
  tools: { ref: string; name: string; description?: string; inputSchema: Record<string, unknown> }[];
  /** Never throws for a failing tool: the failure comes back as an `isError` result for the model. */
  call(
    name: string,
    argumentsJson: string,
    signal: AbortSignal,
  ): Promise<{ content: string; isError: boolean }>;
}

/** Resolves agents' tool references (`mcp:…`, `builtin:…`) for one workspace; throws when one is unknown. */
export interface NodeToolbox {
  open(refs: string[], signal: AbortSignal): Promise<NodeTools>;
}

/** The workspace memory bank as one run sees it. */
export interface NodeMemory {
  /** The entries most relevant to `query`, best first; none when nothing shares a word with it. */
  search(query: string, limit: number): Promise<{ id: string; content: string; runId: string | null }[]>;
  /** Saves `content` as written by this run's node; returns the entry id. */
  write(nodeId: string, content: string): Promise<string>;
}

/** A routed model call: a node's chain through the router, as the executor's events. */
export type CallModel = (request: NodeModelRequest) => AsyncIterable<ModelEvent>;

/** The code of any error thrown by a model call (a ProviderError carries a `synapse.` one). */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('synapse.') ? code : ErrorCodes.runNodeFailed;
}
