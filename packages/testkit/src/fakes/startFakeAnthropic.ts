import { answerFakeStatus } from './answerFakeStatus';
import { createFakeScript } from './createFakeScript';
import { assembleFakeLlm, type FakeLlm, type FakeLlmOptions, readApiKey } from './FakeLlm';
import { countFakeTokens, planFakeReply, splitFakeArguments } from './planFakeReply';
import { type FakeExchange, startFakeHttpServer } from './startFakeHttpServer';
import { writeFakeJson } from './writeFakeJson';
import { writeFakeStream } from './writeFakeStream';

interface AnthropicBody {
  model?: string;
  max_tokens?: number;
  system?: unknown;
  messages?: { role?: string; content?: unknown }[];
  stream?: boolean;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block) => (typeof block?.text === 'string' ? block.text : '')).join('');
}

function describe(raw: unknown) {
  const body = (raw ?? {}) as AnthropicBody;
  const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
  return { model: body.model, prompt: textOf(lastUser?.content), stream: body.stream === true };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Anthropic's error envelope: `{ type: 'error', error: { type, message } }`. */
export function anthropicErrorBody(status: number, type?: string, message?: string) {
  const errorType = type ?? ERROR_TYPES[status] ?? 'api_error';
  return { type: 'error', error: { type: errorType, message: message ?? `${errorType} (scripted)` } };
}

function frame(type: string, data: object): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/**
 * A fake Anthropic Messages server speaking the real wire format: `POST /v1/messages` (SSE
 * message_start, content_block_start, content_block_delta text_delta…, content_block_stop,
 * message_delta with usage and stop_reason, message_stop; or a `message` JSON object) and
 * `GET /v1/models`. Accepts the key as `authorization: Bearer` (SDK 1.x) or `x-api-key`.
 */
export async function startFakeAnthropic(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const script = createFakeScript();
  const models = options.models ?? ['fake-claude', 'fake-claude-haiku'];

  async function messages(exchange: FakeExchange) {
    const { record } = exchange;
    const body = (record.body ?? {}) as AnthropicBody;
    const model = record.model ?? 'unknown';
    if (options.apiKey !== undefined && readApiKey(record.headers) !== options.apiKey) {
      record.kind = 'unauthorized';
      return exchange.json(401, anthropicErrorBody(401));
    }
    const step = script.take(model, record.prompt ?? '');
    await exchange.sleep(step?.delayBeforeHeadersMs ?? 0);
    if (exchange.signal.aborted) return;
    if (step?.kind === 'status') return answerFakeStatus(exchange, step, anthropicErrorBody(step.status));

    const { tokens, hitLimit } = planFakeReply(step, model, record.prompt ?? '', body.max_tokens);
    const toolCalls = (step?.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `toolu_fake_${record.index}_${index}`,
      name: call.name,
      input: call.arguments ?? {},
      fragments: splitFakeArguments(call.arguments),
    }));
    const stopReason = hitLimit ? 'max_tokens' : toolCalls.length > 0 ? 'tool_use' : 'end_turn';
    const promptText = [textOf(body.system), ...(body.messages ?? []).map((m) => textOf(m.content))].join(
      ' ',
    );
    const inputTokens = countFakeTokens(promptText);
    const id = `msg_fake_${record.index}`;
    const delay = options.tokenDelayMs ?? 0;
    const message = {
      id,
      type: 'message',
      role: 'assistant',
      model,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: tokens.length },
    };

    if (!record.stream) {
      const full = {
        ...message,
        content: [
          { type: 'text', text: tokens.join('') },
          ...toolCalls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input })),
        ],
        stop_reason: stopReason,
      };
      return writeFakeJson(exchange, step, tokens.length, full, anthropicErrorBody(529), delay);
    }

    await writeFakeStream(
      exchange,
      step,
      tokens,
      {
        opening: [
          frame('message_start', {
            message: {
              ...message,
              content: [],
              stop_reason: null,
              usage: { input_tokens: inputTokens, output_tokens: 1 },
            },
          }),
          frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
          frame('ping', {}),
        ],
        token: (text) => frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
        closing: [
          frame('content_block_stop', { index: 0 }),
          ...toolCalls.flatMap((call, i) => [
            frame('content_block_start', {
              index: i + 1,
              content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
            }),
            ...call.fragments.map((partial_json) =>
              frame('content_block_delta', {
                index: i + 1,
                delta: { type: 'input_json_delta', partial_json },
              }),
            ),
            frame('content_block_stop', { index: i + 1 }),
          ]),
          frame('message_delta', {
            delta: { stop_reason: stopReason, stop_sequence: null },
            usage: { output_tokens: tokens.length },
          }),
          frame('message_stop', {}),
        ],
        errorFrame: (type, text) => frame('error', { error: anthropicErrorBody(529, type, text).error }),
      },
      delay,
    );
  }

  const server = await startFakeHttpServer({
    describe,
    routes: {
      'POST /v1/messages': messages,
      'GET /v1/models': (exchange) =>
        exchange.json(200, {
          data: models.map((id) => ({
            type: 'model',
            id,
            display_name: id,
            created_at: '2025-01-01T00:00:00Z',
          })),
          has_more: false,
          first_id: models[0] ?? null,
          last_id: models.at(-1) ?? null,
        }),
    },
    notFound: (exchange) =>
      exchange.json(404, anthropicErrorBody(404, undefined, `Unknown route ${exchange.record.path}`)),
  });
  return assembleFakeLlm(server, script, server.url, '/v1/messages');
}
