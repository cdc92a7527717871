import type { ChatChunk, ChatModelProvider, ChatRequest } from './ChatModel';
import { classifyProviderError } from './classifyProviderError';
import type { ProviderCredentials } from './createCatalogProvider';
import type { KeyCooldowns } from './createKeyCooldowns';
import { ProviderError, type ProviderErrorCode, ProviderErrorCodes } from './ProviderError';

/** One key (or deployment: a key with its own base URL) of a provider, and its share of the calls. */
export interface ProviderKeyDeployment {
  id: string;
  /** Relative share: 3 and 1 send three calls in four to the first. */
  weight: number;
  /** Decrypted on first pick only, so an unused key is never read (or recorded as used). */
  credentials(): Promise<ProviderCredentials>;
}

/** How long a key rests after each kind of failure it is to blame for (LiteLLM's router cools down too). */
export interface KeyCooldownPolicy {
  /** After a 429 without retry-after (a longer retry-after wins). */
  rateLimitMs: number;
  /** After a 5xx, a timeout or a failed connection. */
  serverMs: number;
  /** After 401/403: the key was revoked or lacks access; the others carry on. */
  authMs: number;
}

export const DEFAULT_KEY_COOLDOWN: KeyCooldownPolicy = {
  rateLimitMs: 5_000,
  serverMs: 5_000,
  authMs: 10 * 60_000,
};

export interface BalancedProviderOptions {
  id: string;
  keys: readonly ProviderKeyDeployment[];
  /** Builds the adapter for one key's credentials (createCatalogProvider). */
  build(credentials: ProviderCredentials): ChatModelProvider;
  cooldowns: KeyCooldowns;
  policy?: Partial<KeyCooldownPolicy>;
  random?: () => number;
}

/** A weighted draw: `random()` in [0, 1) lands in one item's share of the total weight. */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: () => number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random() * total;
  for (const item of items) {
    point -= item.weight;
    if (point < 0) return item;
  }
  return items[items.length - 1] as T;
}

function cooldownFor(code: ProviderErrorCode, retryAfterMs: number | undefined, policy: KeyCooldownPolicy) {
  switch (code) {
    case ProviderErrorCodes.rateLimit:
      return Math.max(policy.rateLimitMs, retryAfterMs ?? 0);
    case ProviderErrorCodes.server:
    case ProviderErrorCodes.network:
    case ProviderErrorCodes.timeout:
      return policy.serverMs;
    case ProviderErrorCodes.auth:
      return policy.authMs;
    default:
      return null;
  }
}

/**
 * Spreads one provider's calls over several keys by weight, skipping keys that are cooling down. A key that
 * fails before sending any text (429, 5xx, refused) cools down and the call moves to another key at once;
 * once text has reached the caller, or when no key is left, the failure is the router's to retry. With
 * every key cooling, the call fails as rate limited with the shortest rest left as its retry-after.
 */
export function createBalancedProvider(options: BalancedProviderOptions): ChatModelProvider {
  const policy = { ...DEFAULT_KEY_COOLDOWN, ...options.policy };
  const random = options.random ?? Math.random;
  const adapters = new Map<string, Promise<ChatModelProvider>>();
  const adapterFor = (key: ProviderKeyDeployment) => {
    let adapter = adapters.get(key.id);
    if (!adapter) {
      adapter = key.credentials().then((credentials) => options.build(credentials));
      adapters.set(key.id, adapter);
      adapter.catch(() => adapters.delete(key.id));
    }
    return adapter;
  };
  const first = options.keys[0];
  if (!first) throw new Error('createBalancedProvider: at least one key');
  const sample = options.build({ apiKey: 'unused', baseURL: 'http://127.0.0.1' });

  async function* stream(request: ChatRequest): AsyncGenerator<ChatChunk> {
    const tried = new Set<string>();
    let lastError: unknown;
    for (;;) {
      const untried = options.keys.filter((key) => !tried.has(key.id) && key.weight > 0);
      const resting = await options.cooldowns.remaining(untried.map((key) => key.id));
      const ready = untried.filter((key) => !resting.has(key.id));
      if (ready.length === 0) {
        if (lastError !== undefined) throw lastError;
        const wait = Math.min(...resting.values());
        throw new ProviderError(
          ProviderErrorCodes.rateLimit,
          `every key of ${options.id} is cooling down after failures; next in ${wait} ms`,
          { provider: options.id, model: request.model, retryAfterMs: wait },
        );
      }
      const key = pickWeighted(ready, random);
      tried.add(key.id);
      let emitted = false;
      try {
        const adapter = await adapterFor(key);
        for await (const chunk of adapter.stream(request)) {
          emitted = true;
          yield chunk;
        }
        return;
      } catch (thrown) {
        if (request.signal?.aborted) throw thrown;
        const error = classifyProviderError(thrown, { provider: options.id, model: request.model });
        const rest = cooldownFor(error.code, error.retryAfterMs, policy);
        if (rest === null) throw thrown;
        await options.cooldowns.coolDown(key.id, rest);
        if (emitted) throw thrown;
        lastError = thrown;
      }
    }
  }

  return { id: options.id, label: sample.label, models: sample.models, stream };
}
