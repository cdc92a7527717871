import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAISdk from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyProviderError } from './classifyProviderError';
import { ProviderErrorCodes as Codes, ProviderError } from './ProviderError';

const at = { provider: 'p', model: 'm' };
const openAI = (status: number, headers: Record<string, string> = {}, error: object = {}) =>
  OpenAISdk.APIError.generate(status, { error: { message: 'x', ...error } }, 'x', new Headers(headers));
const anthropic = (status: number, type: string, headers: Record<string, string> = {}) =>
  AnthropicSdk.APIError.generate(
    status,
    { type: 'error', error: { type, message: 'x' } },
    'x',
    new Headers(headers),
  );

describe('classifyProviderError', () => {
  it.each([
    [401, Codes.auth, false],
    [403, Codes.auth, false],
    [400, Codes.invalidRequest, false],
    [404, Codes.invalidRequest, false],
    [422, Codes.invalidRequest, false],
    [408, Codes.timeout, true],
    [409, Codes.server, true],
    [429, Codes.rateLimit, true],
    [500, Codes.server, true],
    [503, Codes.server, true],
  ])('maps OpenAI HTTP %i to %s (retryable %s)', (status, code, retryable) => {
    const error = classifyProviderError(openAI(status), at);
    expect(error).toMatchObject({ code, retryable, status, provider: 'p', model: 'm' });
  });

  it.each([
    [402, 'billing_error', Codes.auth],
    [413, 'request_too_large', Codes.invalidRequest],
    [529, 'overloaded_error', Codes.server],
  ])('maps Anthropic HTTP %i (%s) to %s', (status, type, code) => {
    expect(classifyProviderError(anthropic(status, type), at).code).toBe(code);
  });

  it('reads retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    expect(classifyProviderError(openAI(429, { 'retry-after-ms': '250' }), at).retryAfterMs).toBe(250);
    expect(
      classifyProviderError(anthropic(429, 'rate_limit_error', { 'retry-after': '2' }), at).retryAfterMs,
    ).toBe(2_000);
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    const dated = openAI(503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' });
    expect(classifyProviderError(dated, { ...at, now }).retryAfterMs).toBe(5_000);
  });

  it('treats an exhausted quota as a rate limit that waiting will not fix', () => {
    const error = classifyProviderError(openAI(429, {}, { code: 'insufficient_quota' }), at);
    expect(error).toMatchObject({ code: Codes.rateLimit, retryable: false });
  });

  it('classifies mid-stream SSE errors (no status) by their type', () => {
    const overloaded = new AnthropicSdk.APIError(
      undefined,
      { type: 'error', error: { type: 'overloaded_error', message: 'busy' } },
      'busy',
      undefined,
    );
    expect(classifyProviderError(overloaded, at)).toMatchObject({ code: Codes.server, retryable: true });
    const invalid = new OpenAISdk.APIError(undefined, { type: 'invalid_request_error' }, 'bad', undefined);
    expect(classifyProviderError(invalid, at).code).toBe(Codes.invalidRequest);
  });

  it('maps connection failures, header timeouts and user aborts of both SDKs', () => {
    expect(classifyProviderError(new OpenAISdk.APIConnectionTimeoutError(), at).code).toBe(Codes.timeout);
    expect(classifyProviderError(new AnthropicSdk.APIConnectionTimeoutError(), at).code).toBe(Codes.timeout);
    expect(classifyProviderError(new OpenAISdk.APIConnectionError({ message: 'refused' }), at).code).toBe(
      Codes.network,
    );
    expect(classifyProviderError(new AnthropicSdk.APIUserAbortError(), at).code).toBe(Codes.cancelled);
    expect(classifyProviderError(new OpenAISdk.APIUserAbortError(), at)).toMatchObject({
      code: Codes.cancelled,
      retryable: false,
    });
  });

  it("treats undici's bare `TypeError: terminated` (socket dropped mid-body) as a retryable network error", () => {
    const dropped = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(classifyProviderError(dropped, at)).toMatchObject({ code: Codes.network, retryable: true });
  });

  it('lets an aborted signal explain the failure: a timeout reason wins, anything else is a cancellation', () => {
    const timeout = new ProviderError(Codes.timeout, 'idle', { timeout: 'idle' });
    const byWatchdog = new AbortController();
    byWatchdog.abort(timeout);
    expect(
      classifyProviderError(new Error('whatever the SDK threw'), { ...at, signal: byWatchdog.signal }),
    ).toMatchObject({
      code: Codes.timeout,
      timeout: 'idle',
      provider: 'p',
    });
    const byUser = new AbortController();
    byUser.abort();
    expect(classifyProviderError(new TypeError('terminated'), { ...at, signal: byUser.signal }).code).toBe(
      Codes.cancelled,
    );
  });

  it('passes ProviderErrors through, filling in where they happened', () => {
    const original = new ProviderError(Codes.truncatedStream, 'cut');
    const classified = classifyProviderError(original, at);
    expect(classified).toMatchObject({
      code: Codes.truncatedStream,
      retryable: true,
      provider: 'p',
      model: 'm',
    });
  });

  it('turns unexpected errors into a non-retryable server error that keeps the cause', () => {
    const bug = new RangeError('boom');
    const error = classifyProviderError(bug, at);
    expect(error).toMatchObject({ code: Codes.server, retryable: false });
    expect(error.cause).toBe(bug);
  });
});
