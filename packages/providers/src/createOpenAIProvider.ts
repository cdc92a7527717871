import OpenAI from 'openai';
import type { ChatChunk, ChatModelProvider, ChatRequest, FinishReason, ModelInfo } from './ChatModel';
import { classifyProviderError } from './classifyProviderError';
import { ProviderError, ProviderErrorCodes } from './ProviderError';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface OpenAIProviderOptions {
  id?: string;
  label?: string;
  /** Required by OpenAI; keyless OpenAI-compatible servers (Ollama) accept any placeholder. */
  apiKey?: string;
  /** Defaults to https://api.openai.com/v1. */
  baseURL?: string;
  models?: ModelInfo[];
  fetch?: FetchLike;
  headers?: Record<string, string>;
  /** Time to response headers; streaming gaps are the router's job (the SDK has no idle timeout). */
  requestTimeoutMs?: number;
  /** OpenAI's reasoning models want `max_completion_tokens`; many compatible servers know only `max_tokens`. */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  /** Send `response_format: { type: 'json_object' }` when a request asks for JSON (OpenAI itself). */
  jsonMode?: boolean;
  /** Ask for the final usage chunk (`stream_options.include_usage`); some compatible servers reject it. */
  includeUsage?: boolean;
}

const FINISH: Record<string, FinishReason> = {
  stop: 'stop',
  tool_calls: 'tool_calls',
  length: 'length',
  content_filter: 'content_filter',
};

function toMessages(request: ChatRequest): OpenAI.Chat.ChatCompletionMessageParam[] {
  const out: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system) out.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    if (message.role === 'tool') {
      out.push({ role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content });
    } else if (message.role === 'assistant' && message.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: message.content || null,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function' as const,
          function: { name: call.name, arguments: call.arguments },
        })),
      });
    } else {
      out.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content });
    }
  }
  return out;
}

function toTools(request: ChatRequest): OpenAI.Chat.ChatCompletionTool[] | undefined {
  if (!request.tools?.length) return undefined;
  return request.tools.map((tool) => ({
    type: 'function' as const,
    function: {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.inputSchema,
    },
  }));
}

/**
 * A `ChatModelProvider` over the OpenAI Chat Completions API, and over every OpenAI-compatible
 * endpoint given a `baseURL`. The SDK never retries (`maxRetries: 0`): the router is the one retry
 * loop. A stream is complete only once a choice carried a `finish_reason`.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ChatModelProvider {
  const id = options.id ?? 'openai';
  let client: OpenAI | undefined;
  const getClient = () => {
    client ??= new OpenAI({
      apiKey: options.apiKey || 'not-needed',
      baseURL: options.baseURL,
      maxRetries: 0,
      timeout: options.requestTimeoutMs ?? 60_000,
      fetch: options.fetch,
      defaultHeaders: options.headers,
    });
    return client;
  };

  return {
    id,
    label: options.label ?? 'OpenAI',
    models: options.models ?? [],

    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const context = { provider: id, model: request.model, signal: request.signal };
      try {
        const stream = await getClient().chat.completions.create(
          {
            model: request.model,
            messages: toMessages(request),
            ...(toTools(request) ? { tools: toTools(request) } : {}),
            stream: true,
            ...(options.includeUsage === false ? {} : { stream_options: { include_usage: true } }),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            ...(request.json && options.jsonMode
              ? { response_format: { type: 'json_object' as const } }
              : {}),
            ...(request.maxTokens === undefined
              ? {}
              : { [options.maxTokensParam ?? 'max_completion_tokens']: request.maxTokens }),
          },
          { signal: request.signal },
        );
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | undefined;
        // Tool calls stream as fragments keyed by index: the id and name first, then argument pieces.
        const calls = new Map<number, { id: string; name: string; arguments: string }>();
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const text = choice?.delta?.content;
          if (text) yield { type: 'text', text };
          for (const part of choice?.delta?.tool_calls ?? []) {
            const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name += part.function.name;
            if (part.function?.arguments) call.arguments += part.function.arguments;
            calls.set(part.index, call);
          }
          if (choice?.finish_reason) finish = choice.finish_reason;
          if (chunk.usage) usage = chunk.usage;
        }
        // An aborted raw stream ends its loop silently; so does a connection closed cleanly too early.
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        if (finish === null) {
          throw new ProviderError(
            ProviderErrorCodes.truncatedStream,
            `${id}/${request.model}: stream ended early`,
            {
              provider: id,
              model: request.model,
            },
          );
        }
        for (const [index, call] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
          yield {
            type: 'tool_call',
            id: call.id || `call_${index}`,
            name: call.name,
            arguments: call.arguments,
          };
        }
        if (usage) {
          yield { type: 'usage', inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
        }
        yield { type: 'done', finishReason: FINISH[finish] ?? 'stop' };
      } catch (error) {
        throw classifyProviderError(error, context);
      }
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      try {
        const page = await getClient().models.list({ signal });
        return page.data.map((model) => ({ id: model.id, label: model.id }));
      } catch (error) {
        throw classifyProviderError(error, { provider: id, signal });
      }
    },
  };
}
