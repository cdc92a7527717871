/** One interface over every provider; adapters for OpenAI, Anthropic and compatible APIs implement it. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

export type ChatChunk =
  | { type: 'text'; text: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'done'; finishReason: 'stop' | 'length' };

export interface ModelInfo {
  id: string;
  label: string;
}

export interface ChatModelProvider {
  id: string;
  label: string;
  models: ModelInfo[];
  stream(request: ChatRequest): AsyncIterable<ChatChunk>;
}
