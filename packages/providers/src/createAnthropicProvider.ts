import Anthropic from '@anthropic-ai/sdk';
import type { ChatChunk, ChatModelProvider, ChatRequest, FinishReason, ModelInfo } from './ChatModel';
import { classifyProviderError } from './classifyProviderError';
import type { FetchLike } from './createOpenAIProvider';
import { ProviderError, ProviderErrorCodes } from './ProviderError';

export interface AnthropicProviderOptions {
  id?: string;
  label?: string;
  apiKey: string;
  /** Without `/v1`: the SDK appends `/v1/messages`. Defaults to https://api.anthropic.com. */
  baseURL?: string;
  models?: ModelInfo[];
  fetch?: FetchLike;
  headers?: Record<string, string>;
  /** Time to response headers; streaming gaps are the router's job. */
  requestTimeoutMs?: number;
  /** Anthropic requires `max_tokens`; used when the request has none. */
  defaultMaxTokens?: number;
}

const FINISH: Record<string, FinishReason> = {
  end_turn: 'stop',
  tool_use: 'tool_calls',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  refusal: 'content_filter',
};

function parseInput(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Tool results go back as user turns of `tool_result` blocks; consecutive ones share one turn. */
function toMessages(request: ChatRequest): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const message of request.messages) {
    if (message.role === 'tool') {
      const block: Anthropic.ToolResultBlockParam = {
        type: 'tool_result',
        tool_use_id: message.toolCallId ?? '',
        content: message.content,
        ...(message.isError ? { is_error: true } : {}),
      };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(block);
      else out.push({ role: 'user', content: [block] });
    } else if (message.role === 'assistant' && message.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...message.toolCalls.map((call) => ({
            type: 'tool_use' as const,
            id: call.id,
            name: call.name,
            input: parseInput(call.arguments),
          })),
        ],
      });
    } else {
      out.push({ role: message.role === 'assistant' ? 'assistant' : 'user', content: message.content });
    }
  }
  return out;
}

/**
 * A `ChatModelProvider` over the Anthropic Messages API. Input tokens come from `message_start`
 * (plus cache reads/writes), output tokens from the cumulative `message_delta` usage. The SDK never
 * retries; a stream is complete only once `message_stop` arrived.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ChatModelProvider {
  const id = options.id ?? 'anthropic';
  let client: Anthropic | undefined;
  const getClient = () => {
    client ??= new Anthropic({
      apiKey: options.apiKey,
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
    label: options.label ?? 'Anthropic',
    models: options.models ?? [],

    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const context = { provider: id, model: request.model, signal: request.signal };
      try {
        const stream = await getClient().messages.create(
          {
            model: request.model,
            max_tokens: request.maxTokens ?? options.defaultMaxTokens ?? 4096,
            messages: toMessages(request),
            ...(request.tools?.length
              ? {
                  tools: request.tools.map((tool) => ({
                    name: tool.name,
                    ...(tool.description ? { description: tool.description } : {}),
                    input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
                  })),
                }
              : {}),
            stream: true,
            ...(request.system ? { system: request.system } : {}),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          { signal: request.signal },
        );
        let inputTokens = 0;
        let outputTokens = 0;
        let stopReason: string | null = null;
        let stopped = false;
        // tool_use blocks: the id and name open the block, the input streams as partial JSON.
        const calls = new Map<number, { id: string; name: string; arguments: string }>();
        for await (const event of stream) {
          if (event.type === 'message_start') {
            const usage = event.message.usage;
            inputTokens =
              usage.input_tokens +
              (usage.cache_creation_input_tokens ?? 0) +
              (usage.cache_read_input_tokens ?? 0);
            outputTokens = usage.output_tokens;
          } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
            calls.set(event.index, {
              id: event.content_block.id,
              name: event.content_block.name,
              arguments: '',
            });
          } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
            const call = calls.get(event.index);
            if (call) call.arguments += event.delta.partial_json;
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            if (event.delta.text) yield { type: 'text', text: event.delta.text };
          } else if (event.type === 'message_delta') {
            stopReason = event.delta.stop_reason ?? stopReason;
            outputTokens = event.usage.output_tokens;
            if (typeof event.usage.input_tokens === 'number') inputTokens = event.usage.input_tokens;
          } else if (event.type === 'message_stop') {
            stopped = true;
          }
        }
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        if (!stopped) {
          throw new ProviderError(
            ProviderErrorCodes.truncatedStream,
            `${id}/${request.model}: stream ended early`,
            {
              provider: id,
              model: request.model,
            },
          );
        }
        for (const [, call] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
          yield { type: 'tool_call', ...call, arguments: call.arguments || '{}' };
        }
        yield { type: 'usage', inputTokens, outputTokens };
        yield { type: 'done', finishReason: FINISH[stopReason ?? 'end_turn'] ?? 'stop' };
      } catch (error) {
        throw classifyProviderError(error, context);
      }
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      try {
        const page = await getClient().models.list({}, { signal });
        return page.data.map((model) => ({ id: model.id, label: model.display_name || model.id }));
      } catch (error) {
        throw classifyProviderError(error, { provider: id, signal });
      }
    },
  };
}
