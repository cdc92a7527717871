import type { ChatModelProvider } from './ChatModel';
import { createAnthropicProvider } from './createAnthropicProvider';
import { createOpenAIProvider, type FetchLike } from './createOpenAIProvider';
import { createLocalModel, type LocalModelOptions } from './localModel';
import { ProviderError, ProviderErrorCodes } from './ProviderError';
import { findCatalogEntry } from './providerCatalog';

/** What the secret store holds for one provider id. */
export interface ProviderCredentials {
  apiKey?: string;
  baseURL?: string;
}

export interface CatalogProviderOptions {
  fetch?: FetchLike;
  local?: LocalModelOptions;
  /** Time to response headers for remote providers. */
  requestTimeoutMs?: number;
}

function notConfigured(providerId: string, why: string): ProviderError {
  return new ProviderError(
    ProviderErrorCodes.notConfigured,
    `Provider "${providerId}" is not configured: ${why}`,
    {
      provider: providerId,
    },
  );
}

/**
 * Builds the adapter a catalog entry describes (OpenAI, Anthropic, an OpenAI-compatible preset or a
 * custom endpoint) from stored credentials. Throws `synapse.provider.not_configured` when the
 * provider is unknown or its key/base URL is missing.
 */
export function createCatalogProvider(
  providerId: string,
  credentials: ProviderCredentials | null,
  options: CatalogProviderOptions = {},
): ChatModelProvider {
  const entry = findCatalogEntry(providerId);
  if (!entry) throw notConfigured(providerId, 'unknown provider');
  if (entry.kind === 'local') return createLocalModel(options.local);
  if (!credentials) throw notConfigured(providerId, 'no credentials saved');
  const apiKey = credentials.apiKey?.trim() || undefined;
  if (entry.requiresKey && !apiKey)
    throw notConfigured(providerId, `an API key for ${entry.label} is required`);
  const baseURL = credentials.baseURL?.trim() || entry.defaultBaseURL;
  if (!baseURL) throw notConfigured(providerId, 'a base URL is required');

  const label =
    entry.id === 'custom' && providerId !== 'custom' ? providerId.slice('custom:'.length) : entry.label;
  const models = entry.models.map(({ id, label: modelLabel }) => ({ id, label: modelLabel }));
  const common = {
    id: providerId,
    label,
    baseURL,
    models,
    fetch: options.fetch,
    requestTimeoutMs: options.requestTimeoutMs,
  };
  if (entry.kind === 'anthropic')
    return withoutSecret(createAnthropicProvider({ ...common, apiKey: apiKey ?? '' }), apiKey);
  return withoutSecret(
    createOpenAIProvider({
      ...common,
      apiKey,
      maxTokensParam: entry.maxTokensParam,
      ...(entry.jsonMode ? { jsonMode: true } : {}),
    }),
    apiKey,
  );
}

/** Replaces every occurrence of `secret` in an error's message, cause chain and attached response body. */
function redactSecret(value: unknown, secret: string, seen: Set<unknown>, depth = 0): unknown {
  if (typeof value === 'string')
    return value.includes(secret) ? value.replaceAll(secret, '[redacted key]') : value;
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return value;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !('value' in descriptor)) continue;
    const next = redactSecret(descriptor.value, secret, seen, depth + 1);
    if (next !== descriptor.value) Object.defineProperty(value, key, { ...descriptor, value: next });
  }
  return value;
}

/**
 * Some providers echo the key they were sent in their error messages ("Incorrect API key provided: sk-…").
 * Errors leave an adapter with the key removed, so it cannot reach a run document, a log line or the UI.
 */
function withoutSecret(provider: ChatModelProvider, secret: string | undefined): ChatModelProvider {
  if (!secret) return provider;
  const scrub = (error: unknown) => redactSecret(error, secret, new Set());
  const listModels = provider.listModels?.bind(provider);
  return {
    ...provider,
    async *stream(request) {
      try {
        yield* provider.stream(request);
      } catch (error) {
        throw scrub(error);
      }
    },
    ...(listModels
      ? {
          async listModels(signal?: AbortSignal) {
            try {
              return await listModels(signal);
            } catch (error) {
              throw scrub(error);
            }
          },
        }
      : {}),
  };
}
