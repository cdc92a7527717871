import { declareErrorCodes } from './exportedErrorCodes';

// The model-calling part of an exported TypeScript module: SDK errors classified as Synapse does,
// SDK clients configured from the environment, and the one retry loop with fallbacks and a circuit
// breaker (packages/providers: classifyProviderError, createCatalogProvider, createModelRouter).
// The error codes are declared from ErrorCodes; the rest is String.raw templates, so they hold no
// backticks and no dollar-brace. Only the SDKs the workflow's providers speak are referenced: a
// workflow on OpenAI-compatible providers alone does not need `@anthropic-ai/sdk`, and one on the
// built-in local model needs neither.
const ERROR_CODES = declareErrorCodes((name, code) => `const ${name} = '${code}';`);

/** Every chunk of module text is raw, so an escape in it reaches the module verbatim. */
const code = String.raw;

/** Which SDK a module imports: `OpenAI` from `openai`, `Anthropic` from `@anthropic-ai/sdk`. */
export type SdkName = 'OpenAI' | 'Anthropic';

const ERRORS = code`const RETRYABLE = new Set([RATE_LIMIT, TIMEOUT, SERVER, TRUNCATED, NETWORK, CIRCUIT_OPEN]);
// Failures that say something about a model's health; they count towards its circuit breaker.
const HEALTH_FAILURES = new Set([SERVER, RATE_LIMIT, TIMEOUT, NETWORK, TRUNCATED]);

class ModelError extends Error {
  code: string;
  retryable: boolean;
  retryAfterMs: number | undefined;
  constructor(code: string, message: string, options: { retryable?: boolean; retryAfterMs?: number } = {}) {
    super(message);
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }
}

function codeForStatus(status: number): string {
  if (status === 401 || status === 402 || status === 403) return AUTH;
  if (status === 408) return TIMEOUT;
  if (status === 429) return RATE_LIMIT;
  if (status === 409 || status === 499 || status >= 500) return SERVER;
  return INVALID_REQUEST;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') return (get.call(headers, name) as string | null) ?? undefined;
  return (headers as Record<string, string | undefined>)[name];
}

function parseRetryAfterMs(headers: unknown): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = header(headers, 'retry-after')?.trim();
  if (!after) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

`;

/** `error instanceof OpenAI.X || error instanceof Anthropic.X` over the imported SDKs. */
const isSdkError = (sdks: SdkName[], name: string) =>
  sdks.map((sdk) => `error instanceof ${sdk}.${name}`).join(' || ');

function classifySdkErrors(sdks: SdkName[]): string {
  if (sdks.length === 0) return '';
  return `  if (${isSdkError(sdks, 'APIConnectionTimeoutError')})
    return new ModelError(TIMEOUT, where + ': no response in time');
  if (${isSdkError(sdks, 'APIConnectionError')})
    return new ModelError(NETWORK, where + ': connection failed (' + error.message + ')');
  if (${isSdkError(sdks, 'APIError')}) {
${SDK_API_ERROR}  }
`;
}

const CLASSIFY_HEAD = code`
/** Whatever an SDK call threw, as a ModelError with a code that says whether a retry can help. */
function classify(error: unknown, where: string): ModelError {
  if (error instanceof ModelError) return error;
`;

const SDK_API_ERROR = code`    const status = typeof error.status === 'number' ? error.status : undefined;
    const code = status === undefined ? SERVER : codeForStatus(status);
    // An exhausted quota answers 429 too, but waiting will not refill it.
    const quota = (error as { code?: unknown }).code === 'insufficient_quota';
    return new ModelError(code, where + ': ' + error.message, {
      ...(quota ? { retryable: false } : {}),
      retryAfterMs: parseRetryAfterMs(error.headers),
    });
`;

const CLASSIFY_TAIL = code`  // Anything else is unexpected (likely a bug): another model may still work, the same one will not.
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError(SERVER, where + ': unexpected error: ' + message, { retryable: false });
}
`;

const PROVIDERS_HEAD = code`
// --- Providers (packages/providers: createCatalogProvider; keys as in synapse run) -------------

type ChatTurn = { role: 'user' | 'assistant'; content: string };
type Request = {
  system: string;
  prompt: string;
  temperature: number | null;
  maxTokens: number | null;
  timeoutMs: number;
  /** Structured output: providers with a JSON mode turn it on. */
  json?: boolean;
  /** A whole conversation instead of the prompt (structured output's repair turn). */
  messages?: ChatTurn[];
};
type Reply = { text: string; tokens: number };

/** The messages after the system prompt: the prompt, or the request's conversation. */
function conversation(request: Request): ChatTurn[] {
  return request.messages ?? [{ role: 'user', content: request.prompt }];
}
`;

const RESOLVED_TYPE = (sdks: SdkName[]) =>
  `type Resolved = { id: string; spec: ProviderSpec; client: ${[...sdks, 'null'].join(' | ')} };`;

const RESOLVE_HEAD = code`

const resolved = new Map<string, Resolved>();

/** The provider's client, configured from the environment, or ModelError(not_configured). */
function resolveProvider(id: string): Resolved {
  const cached = resolved.get(id);
  if (cached) return cached;
  const spec = Object.hasOwn(PROVIDERS, id) ? PROVIDERS[id] : undefined;
  const refuse = (why: string) => new ModelError(NOT_CONFIGURED, 'Provider "' + id + '" is not configured: ' + why);
  if (!spec) throw refuse('unknown provider');
`;

/** How resolveProvider makes the client: with the one SDK imported, or by the provider's kind. */
function clientConstruction(sdks: SdkName[]): string {
  const anthropic = 'new Anthropic({ apiKey, baseURL: url, maxRetries: 0 })';
  const openai = "new OpenAI({ apiKey: apiKey || 'not-needed', baseURL: url, maxRetries: 0 })";
  if (sdks.length === 2)
    return `\n      spec.kind === 'anthropic'\n        ? ${anthropic}\n        : ${openai};`;
  return ` ${sdks[0] === 'Anthropic' ? anthropic : openai};`;
}

/** Without an SDK every provider is the local model, so there is no client to make. */
function resolveClient(sdks: SdkName[]): string {
  if (sdks.length === 0) return '  const client = null;\n';
  return `  let client: ${[...sdks, 'null'].join(' | ')} = null;
  if (spec.kind !== 'local') {${RESOLVE_REMOTE}    client =${clientConstruction(sdks)}
  }
`;
}

const RESOLVE_REMOTE = code`
    const key = (spec.keyEnv && process.env[spec.keyEnv]) || '';
    const baseURL = (spec.baseURLEnv && process.env[spec.baseURLEnv]) || '';
    if (!key && !baseURL) throw refuse('set ' + [spec.keyEnv, spec.baseURLEnv].filter(Boolean).join(' or '));
    const apiKey = key.trim();
    if (spec.requiresKey && !apiKey) throw refuse('an API key for ' + spec.label + ' is required (' + spec.keyEnv + ')');
    const url = baseURL.trim() || spec.defaultBaseURL;
    if (!url) throw refuse('a base URL is required (' + spec.baseURLEnv + ')');
    // The SDKs never retry: callModel below is the one retry loop.
`;

const RESOLVE_TAIL = code`  const entry = { id, spec, client };
  resolved.set(id, entry);
  return entry;
}
`;

const CALL_OPENAI = code`
async function callOpenAI(client: OpenAI, spec: ProviderSpec, model: string, request: Request, where: string) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const turn of conversation(request))
    messages.push(turn.role === 'user' ? { role: 'user', content: turn.content } : { role: 'assistant', content: turn.content });
  const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model, messages };
  if (request.json && spec.jsonMode) body.response_format = { type: 'json_object' };
  if (request.temperature !== null) body.temperature = request.temperature;
  if (request.maxTokens !== null) body[spec.maxTokensParam] = request.maxTokens;
  const completion = await client.chat.completions.create(body, { timeout: request.timeoutMs });
  const choice = completion.choices?.[0];
  if (!choice) throw new ModelError(TRUNCATED, where + ': the response has no choices');
  const usage = completion.usage;
  return { text: choice.message?.content ?? '', tokens: (usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0) };
}
`;

const CALL_ANTHROPIC = code`
async function callAnthropic(client: Anthropic, model: string, request: Request): Promise<Reply> {
  const body: Anthropic.MessageCreateParamsNonStreaming = {
    model,
    max_tokens: request.maxTokens ?? 4096,
    messages: conversation(request),
    ...(request.system ? { system: request.system } : {}),
    // Sent as Synapse sends it, though this SDK version's types no longer list it.
    ...(request.temperature !== null ? { temperature: request.temperature } : {}),
  };
  const message = await client.messages.create(body, { timeout: request.timeoutMs });
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const usage = message.usage;
  const input = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  return { text, tokens: input + usage.output_tokens };
}
`;

const DISPATCH: Record<SdkName, string> = {
  Anthropic:
    '    if (provider.client instanceof Anthropic) return await callAnthropic(provider.client, model, request);\n',
  OpenAI:
    '    if (provider.client instanceof OpenAI) return await callOpenAI(provider.client, provider.spec, model, request, where);\n',
};

const CALL_PROVIDER_HEAD = code`
async function callProvider(provider: Resolved, model: string, request: Request): Promise<Reply> {
  const where = provider.id + '/' + model;
  try {
`;

const CALL_PROVIDER_TAIL = code`    const prompt = conversation(request).map((turn) => turn.content).join('\n');
    return localModel(request.system, prompt, request.maxTokens);
  } catch (error) {
    throw classify(error, where);
  }
}

// --- Retries, fallbacks, circuit breaker (packages/providers/src/createModelRouter.ts) ---------

/** Per provider/model: 5 failures in a row open it for 30 s, then one probe call is let through. */
const breaker = (() => {
  const THRESHOLD = 5;
  const COOLDOWN_MS = 30_000;
  const entries = new Map<string, { failures: number; openedAt?: number; probing: boolean }>();
  const state = (key: string) => {
    const entry = entries.get(key);
    if (entry?.openedAt === undefined) return 'closed';
    return Date.now() - entry.openedAt >= COOLDOWN_MS ? 'half_open' : 'open';
  };
  return {
    tryAcquire(key: string): boolean {
      const current = state(key);
      if (current !== 'half_open') return current === 'closed';
      const entry = entries.get(key);
      if (!entry || entry.probing) return false;
      entry.probing = true;
      return true;
    },
    recordSuccess: (key: string) => entries.delete(key),
    recordFailure(key: string) {
      const entry = entries.get(key) ?? { failures: 0, probing: false };
      entries.set(key, entry);
      const wasProbe = entry.probing;
      entry.probing = false;
      entry.failures += 1;
      if (wasProbe || entry.failures >= THRESHOLD) entry.openedAt = Date.now();
    },
    release(key: string) {
      const entry = entries.get(key);
      if (entry) entry.probing = false;
    },
    retryInMs(key: string): number {
      const openedAt = entries.get(key)?.openedAt;
      return openedAt === undefined ? 0 : Math.max(0, openedAt + COOLDOWN_MS - Date.now());
    },
  };
})();

/** Full jitter, at least what the server asked for; null when it asked for more than a minute. */
function backoffMs(retry: number, retryAfterMs: number | undefined): number | null {
  if (retryAfterMs !== undefined && retryAfterMs > 60_000) return null;
  const window = Math.min(8_000, 500 * 2 ** Math.max(0, retry));
  return Math.max(Math.floor(Math.random() * window), retryAfterMs ?? 0);
}

/** Tries each model in order, retrying retryable failures with backoff; throws the last failure. */
async function callModel(models: ModelRef[], retries: number, request: Request): Promise<Reply> {
  let attempts = 0;
  let last: ModelError | undefined;
  for (const [providerId, model] of models) {
    const key = providerId + '/' + model;
    let provider: Resolved;
    try {
      provider = resolveProvider(providerId);
    } catch (error) {
      last = classify(error, key);
      continue;
    }
    for (let retry = 0; retry <= retries; retry++) {
      if (!breaker.tryAcquire(key)) {
        const error = new ModelError(CIRCUIT_OPEN, key + ': circuit open, retry in ' + breaker.retryInMs(key) + ' ms');
        last = last && error.code === CIRCUIT_OPEN ? last : error;
        break;
      }
      attempts += 1;
      try {
        const reply = await callProvider(provider, model, request);
        breaker.recordSuccess(key);
        return reply;
      } catch (thrown) {
        const error = classify(thrown, key);
        if (HEALTH_FAILURES.has(error.code)) breaker.recordFailure(key);
        else breaker.release(key);
        last = error;
      }
      if (!last.retryable || retry === retries) break;
      const delay = backoffMs(retry, last.retryAfterMs);
      if (delay === null) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  if (!last) throw new Error('the model chain ended without an attempt');
  const plural = (n: number, word: string) => n + ' ' + word + (n === 1 ? '' : 's');
  throw new ModelError(
    last.code,
    last.message + ' (' + plural(attempts, 'attempt') + ', ' + plural(models.length, 'model') + ')',
  );
}
`;

/** The model-calling part of a module that imports `sdks` (in the order Anthropic, OpenAI). */
export function typescriptModelCalls(sdks: SdkName[]): string {
  return [
    '// --- Provider errors (packages/providers: ProviderError, classifyProviderError) ----------------\n\n',
    ERROR_CODES,
    '\n',
    ERRORS,
    CLASSIFY_HEAD,
    classifySdkErrors(sdks),
    CLASSIFY_TAIL,
    PROVIDERS_HEAD,
    RESOLVED_TYPE(sdks),
    RESOLVE_HEAD,
    resolveClient(sdks),
    RESOLVE_TAIL,
    sdks.includes('OpenAI') ? CALL_OPENAI : '',
    sdks.includes('Anthropic') ? CALL_ANTHROPIC : '',
    CALL_PROVIDER_HEAD,
    sdks.map((sdk) => DISPATCH[sdk]).join(''),
    CALL_PROVIDER_TAIL,
  ].join('');
}
