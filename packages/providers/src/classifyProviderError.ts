import {
  APIError as AnthropicAPIError,
  APIConnectionError as AnthropicConnectionError,
  APIConnectionTimeoutError as AnthropicConnectionTimeoutError,
  APIUserAbortError as AnthropicUserAbortError,
} from '@anthropic-ai/sdk';
import {
  APIError as OpenAIAPIError,
  APIConnectionError as OpenAIConnectionError,
  APIConnectionTimeoutError as OpenAIConnectionTimeoutError,
  APIUserAbortError as OpenAIUserAbortError,
} from 'openai';
import { ProviderErrorCodes as Codes, ProviderError, type ProviderErrorCode } from './ProviderError';
import { parseRetryAfterMs } from './parseRetryAfterMs';

export interface ClassifyContext {
  provider?: string;
  model?: string;
  /** The signal the call ran with: if it was aborted, the abort explains the failure. */
  signal?: AbortSignal;
  now?: () => number;
}

const TYPE_CODES: Record<string, ProviderErrorCode> = {
  overloaded_error: Codes.server,
  api_error: Codes.server,
  server_error: Codes.server,
  rate_limit_error: Codes.rateLimit,
  rate_limit_exceeded: Codes.rateLimit,
  requests: Codes.rateLimit,
  tokens: Codes.rateLimit,
  authentication_error: Codes.auth,
  permission_error: Codes.auth,
  billing_error: Codes.auth,
  invalid_request_error: Codes.invalidRequest,
  not_found_error: Codes.invalidRequest,
  request_too_large: Codes.invalidRequest,
  timeout_error: Codes.timeout,
};

function codeForStatus(status: number): ProviderErrorCode {
  if (status === 401 || status === 402 || status === 403) return Codes.auth;
  if (status === 408) return Codes.timeout;
  if (status === 429) return Codes.rateLimit;
  if (status === 409 || status === 499 || status >= 500) return Codes.server;
  return Codes.invalidRequest;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** undici surfaces a dropped socket mid-body as a bare `TypeError: terminated` (cause UND_ERR_SOCKET). */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = String((error as { code?: unknown }).code ?? cause?.code ?? '');
  if (code.startsWith('UND_ERR') || NETWORK_CODES.has(code)) return true;
  return error instanceof TypeError && (error.message === 'terminated' || error.message === 'fetch failed');
}

function isAbortLike(error: unknown): boolean {
  return (
    error instanceof OpenAIUserAbortError ||
    error instanceof AnthropicUserAbortError ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/**
 * Maps whatever a provider call threw (SDK errors of either SDK, undici socket errors, aborts) onto
 * one `ProviderError`. An aborted signal wins: a router timeout carries its own ProviderError reason,
 * any other abort is a cancellation.
 */
export function classifyProviderError(error: unknown, context: ClassifyContext = {}): ProviderError {
  const where = { provider: context.provider, model: context.model };
  const label = [context.provider, context.model].filter(Boolean).join('/') || 'provider';
  if (error instanceof ProviderError) {
    return error.provider || error.model ? error : error.with(where);
  }
  if (context.signal?.aborted) {
    const reason = context.signal.reason;
    if (reason instanceof ProviderError) return reason.provider ? reason : reason.with(where);
    return new ProviderError(Codes.cancelled, `${label}: call cancelled`, { ...where, cause: error });
  }
  if (isAbortLike(error)) {
    return new ProviderError(Codes.cancelled, `${label}: call cancelled`, { ...where, cause: error });
  }
  if (error instanceof OpenAIConnectionTimeoutError || error instanceof AnthropicConnectionTimeoutError) {
    return new ProviderError(Codes.timeout, `${label}: no response headers in time`, {
      ...where,
      cause: error,
    });
  }
  if (error instanceof OpenAIConnectionError || error instanceof AnthropicConnectionError) {
    return new ProviderError(Codes.network, `${label}: connection failed (${error.message})`, {
      ...where,
      cause: error,
    });
  }
  if (error instanceof OpenAIAPIError || error instanceof AnthropicAPIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const type = error.type ?? undefined;
    const code = status !== undefined ? codeForStatus(status) : (TYPE_CODES[type ?? ''] ?? Codes.server);
    const retryAfterMs = parseRetryAfterMs(error.headers, context.now);
    // An exhausted quota answers 429 too, but waiting will not refill it.
    const quota = (error as { code?: unknown }).code === 'insufficient_quota';
    return new ProviderError(code, `${label}: ${error.message}`, {
      ...where,
      status,
      retryAfterMs,
      ...(quota ? { retryable: false } : {}),
      cause: error,
    });
  }
  if (isNetworkFailure(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError(Codes.network, `${label}: connection lost (${message})`, {
      ...where,
      cause: error,
    });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ProviderError(Codes.timeout, `${label}: ${error.message}`, { ...where, cause: error });
  }
  // Anything else is unexpected (likely a bug); another model may still work, the same one will not.
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(Codes.server, `${label}: unexpected error: ${message}`, {
    ...where,
    retryable: false,
    cause: error,
  });
}
