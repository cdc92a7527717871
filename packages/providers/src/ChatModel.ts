/** One interface over every provider; adapters for OpenAI, Anthropic and compatible APIs implement it. */
/** A call the model asked for; `arguments` is the JSON text it streamed. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A turn of the conversation. Assistant turns may carry the tool calls they asked for; `tool` turns
 * carry one call's result back (`toolCallId`), flagged `isError` when the tool failed.
 */
export interface ChatMessage {
  role: 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  isError?: boolean;
}

/** A tool offered to the model: a name it may call and the JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Tools the model may call; its calls arrive as `tool_call` chunks before `done`. */
  tools?: ToolSpec[];
  /**
   * The caller wants a JSON object reply (structured output). Providers with a native JSON mode turn it
   * on; the others rely on the caller's instruction, and the caller validates either way.
   */
  json?: boolean;
  signal?: AbortSignal;
}

export type ChatChunk =
  | { type: 'text'; text: string }
  /** A complete tool call, emitted once the stream finished (never from an attempt that fails). */
  | ({ type: 'tool_call' } & ToolCall)
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'done'; finishReason: FinishReason };

/** Why the model stopped: its own end, the token limit, or a provider-side refusal/filter. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export interface ModelInfo {
  id: string;
  label: string;
}

export interface ChatModelProvider {
  id: string;
  label: string;
  models: ModelInfo[];
  /**
   * Streams text chunks, then `usage` (when the provider reports it) and `done`. A stream that ends
   * without its terminal event throws `synapse.provider.truncated_stream`; failures are `ProviderError`s.
   */
  stream(request: ChatRequest): AsyncIterable<ChatChunk>;
  /** The models the endpoint itself lists (`GET /models`); useful to test a key. */
  listModels?(signal?: AbortSignal): Promise<ModelInfo[]>;
}
