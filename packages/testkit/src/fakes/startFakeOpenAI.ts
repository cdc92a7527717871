import { answerFakeStatus } from './answerFakeStatus';
import { createFakeScript } from './createFakeScript';
import { assembleFakeLlm, type FakeLlm, type FakeLlmOptions, readApiKey } from './FakeLlm';
import { countFakeTokens, planFakeReply, splitFakeArguments } from './planFakeReply';
import { type FakeExchange, startFakeHttpServer } from './startFakeHttpServer';
import { writeFakeJson } from './writeFakeJson';
import { writeFakeStream } from './writeFakeStream';

const CREATED = 1_700_000_000;

interface OpenAIBody {
  model?: string;
  messages?: { role?: string; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function describe(raw: unknown) {
  const body = (raw ?? {}) as OpenAIBody;
  const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
  return { model: body.model, prompt: textOf(lastUser?.content), stream: body.stream === true };
}

const ERROR_TYPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request (scripted)' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Forbidden' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached (scripted)' },
};

/** OpenAI's error envelope: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(status: number, type?: string, message?: string) {
  const known = ERROR_TYPES[status] ?? {
    type: 'server_error',
    code: null,
    message: 'Server error (scripted)',
  };
  return {
    error: { message: message ?? known.message, type: type ?? known.type, param: null, code: known.code },
  };
}

/**
 * A fake OpenAI Chat Completions server speaking the real wire format: `POST /v1/chat/completions`
 * (SSE `chat.completion.chunk` frames, a usage chunk when `stream_options.include_usage`, then
 * `data: [DONE]`; or a `chat.completion` JSON object) and `GET /v1/models`.
 */
export async function startFakeOpenAI(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const script = createFakeScript();
  const models = options.models ?? ['fake-gpt', 'fake-gpt-mini'];

  async function completions(exchange: FakeExchange) {
    const { record } = exchange;
    const body = (record.body ?? {}) as OpenAIBody;
    const model = record.model ?? 'unknown';
    if (options.apiKey !== undefined && readApiKey(record.headers) !== options.apiKey) {
      record.kind = 'unauthorized';
      return exchange.json(401, openAIErrorBody(401));
    }
    const step = script.take(model, record.prompt ?? '');
    await exchange.sleep(step?.delayBeforeHeadersMs ?? 0);
    if (exchange.signal.aborted) return;
    if (step?.kind === 'status') return answerFakeStatus(exchange, step, openAIErrorBody(step.status));

    const { tokens, hitLimit } = planFakeReply(
      step,
      model,
      record.prompt ?? '',
      body.max_completion_tokens ?? body.max_tokens,
    );
    const toolCalls = (step?.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_fake_${record.index}_${index}`,
      name: call.name,
      fragments: splitFakeArguments(call.arguments),
    }));
    const finishReason = hitLimit ? 'length' : toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const promptText = (body.messages ?? []).map((m) => textOf(m.content)).join(' ');
    const usage = {
      prompt_tokens: countFakeTokens(promptText),
      completion_tokens: tokens.length,
      total_tokens: countFakeTokens(promptText) + tokens.length,
    };
    const id = `chatcmpl-fake-${record.index}`;
    const delay = options.tokenDelayMs ?? 0;

    if (!record.stream) {
      const message = {
        role: 'assistant',
        content: tokens.join(''),
        refusal: null,
        ...(toolCalls.length > 0
          ? {
              tool_calls: toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.fragments.join('') },
              })),
            }
          : {}),
      };
      const completion = {
        id,
        object: 'chat.completion',
        created: CREATED,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage,
        system_fingerprint: null,
      };
      return writeFakeJson(exchange, step, tokens.length, completion, openAIErrorBody(500), delay);
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: unknown[], extra: object = {}) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: CREATED,
        model,
        system_fingerprint: null,
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      })}\n\n`;
    const delta = (d: object, finish: string | null = null) => [
      { index: 0, delta: d, logprobs: null, finish_reason: finish },
    ];
    await writeFakeStream(
      exchange,
      step,
      tokens,
      {
        opening: [chunk(delta({ role: 'assistant', content: '', refusal: null }))],
        token: (text) => chunk(delta({ content: text })),
        closing: [
          ...toolCalls.flatMap((call, index) => [
            chunk(
              delta({
                tool_calls: [
                  { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
                ],
              }),
            ),
            ...call.fragments.map((piece) =>
              chunk(delta({ tool_calls: [{ index, function: { arguments: piece } }] })),
            ),
          ]),
          chunk(delta({}, finishReason)),
          ...(includeUsage ? [chunk([], { usage })] : []),
          'data: [DONE]\n\n',
        ],
        errorFrame: (type, message) => `data: ${JSON.stringify(openAIErrorBody(500, type, message))}\n\n`,
      },
      delay,
    );
  }

  const server = await startFakeHttpServer({
    describe,
    routes: {
      'POST /v1/chat/completions': completions,
      'GET /v1/models': (exchange) =>
        exchange.json(200, {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'synapse-fake' })),
        }),
    },
    notFound: (exchange) =>
      exchange.json(
        404,
        openAIErrorBody(404, 'invalid_request_error', `Unknown route ${exchange.record.path}`),
      ),
  });
  return assembleFakeLlm(server, script, `${server.url}/v1`, '/v1/chat/completions');
}
