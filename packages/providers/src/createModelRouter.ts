import { abortableSleep } from './abortableSleep';
import type { ChatChunk, ChatModelProvider, ChatRequest } from './ChatModel';
import { classifyProviderError } from './classifyProviderError';
import { type BackoffPolicy, computeBackoffMs, DEFAULT_BACKOFF } from './computeBackoffMs';
import { type CircuitBreakerLike, createCircuitBreaker } from './createCircuitBreaker';
import {
  type ProviderAttempt,
  ProviderError,
  type ProviderErrorCode,
  ProviderErrorCodes,
} from './ProviderError';
import { type StreamTimeouts, streamWithTimeouts } from './streamWithTimeouts';

/** One model to try; the same shape as an agent node's `{ provider, model }` and its fallbacks. */
export interface RouteTarget {
  provider: string;
  model: string;
}

export interface RouterPolicy {
  /** Retries after the first attempt, per model in the chain. */
  retries: number;
  backoff: BackoffPolicy;
  timeouts: StreamTimeouts;
}

export interface RouterPolicyOverrides {
  retries?: number;
  backoff?: Partial<BackoffPolicy>;
  timeouts?: StreamTimeouts;
}

export const DEFAULT_ROUTER_POLICY: RouterPolicy = {
  retries: 2,
  backoff: DEFAULT_BACKOFF,
  timeouts: { firstTokenMs: 60_000, idleMs: 30_000 },
};

export type AttemptKind = 'first' | 'retry' | 'fallback';

/** What the router streams: the provider's chunks plus markers the caller shows and acts on. */
export type RouterChunk =
  | ChatChunk
  /** A call starts. `reason` is why the previous one failed; `delayMs` how long we backed off. */
  | {
      type: 'attempt';
      attempt: number;
      kind: AttemptKind;
      provider: string;
      model: string;
      reason?: ProviderErrorCode;
      delayMs: number;
    }
  /** Text of failed `attempt` already reached the caller: discard it, the next attempt starts over. */
  | {
      type: 'restart';
      attempt: number;
      provider: string;
      model: string;
      reason: ProviderErrorCode;
      message: string;
    }
  /** A model passed over without a call. */
  | { type: 'skip'; provider: string; model: string; reason: ProviderErrorCode; message: string };

export interface RoutedChatRequest extends Omit<ChatRequest, 'model'> {
  /** The primary model first, then its fallbacks in order. */
  chain: RouteTarget[];
  policy?: RouterPolicyOverrides;
}

export interface ModelRouterOptions {
  resolveProvider: (providerId: string) => ChatModelProvider | Promise<ChatModelProvider>;
  policy?: RouterPolicyOverrides;
  /**
   * Shared across calls so failures of one run protect the next (and, shared through Redis, across
   * runners); one is created when omitted.
   */
  breaker?: CircuitBreakerLike;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface ModelRouter {
  stream(request: RoutedChatRequest): AsyncGenerator<RouterChunk>;
  readonly breaker: CircuitBreakerLike;
}

function mergePolicy(...layers: (RouterPolicyOverrides | undefined)[]): RouterPolicy {
  let policy = DEFAULT_ROUTER_POLICY;
  for (const layer of layers) {
    if (!layer) continue;
    policy = {
      retries: layer.retries ?? policy.retries,
      backoff: { ...policy.backoff, ...layer.backoff },
      timeouts: { ...policy.timeouts, ...layer.timeouts },
    };
  }
  return policy;
}

/** Failures that say something about the model's health; bad requests and cancellations do not. */
const HEALTH_FAILURES = new Set<ProviderErrorCode>([
  ProviderErrorCodes.server,
  ProviderErrorCodes.rateLimit,
  ProviderErrorCodes.timeout,
  ProviderErrorCodes.network,
  ProviderErrorCodes.truncatedStream,
]);

/**
 * The one retry loop (SDKs run with `maxRetries: 0`). Tries each model of the chain in order:
 * retryable failures are retried on the same model with full-jitter backoff that honours
 * `retry-after` (a longer ask fails over at once); non-retryable ones go straight to the next model;
 * an open circuit breaker skips a model without a call. Once text of an attempt reached the caller,
 * a failure is never papered over: a `restart` marker precedes the next attempt. When the chain is
 * exhausted the last `ProviderError` is thrown with every attempt listed.
 */
export function createModelRouter(options: ModelRouterOptions): ModelRouter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const breaker = options.breaker ?? createCircuitBreaker({ now });

  async function* route(request: RoutedChatRequest): AsyncGenerator<RouterChunk> {
    const { chain, policy: requestPolicy, signal, ...base } = request;
    if (chain.length === 0) throw new Error('createModelRouter: the chain needs at least one model');
    const policy = mergePolicy(options.policy, requestPolicy);
    const attempts: ProviderAttempt[] = [];
    let attemptNo = 0;
    let lastError: ProviderError | undefined;
    let restart: Extract<RouterChunk, { type: 'restart' }> | undefined;
    let reason: ProviderErrorCode | undefined;
    let delayMs = 0;
    const cancelled = () =>
      new ProviderError(ProviderErrorCodes.cancelled, 'call cancelled', { attempts, cause: signal?.reason });
    const skip = (target: RouteTarget, error: ProviderError): RouterChunk => {
      attempts.push({
        ...target,
        attempt: 0,
        outcome: 'skipped',
        code: error.code,
        emittedText: false,
        durationMs: 0,
      });
      lastError = lastError && error.code === ProviderErrorCodes.circuitOpen ? lastError : error;
      return { type: 'skip', ...target, reason: error.code, message: error.message };
    };

    for (const [index, target] of chain.entries()) {
      const key = `${target.provider}/${target.model}`;
      let provider: ChatModelProvider;
      try {
        provider = await options.resolveProvider(target.provider);
      } catch (error) {
        yield skip(target, classifyProviderError(error, target));
        continue;
      }

      for (let retry = 0; retry <= policy.retries; retry++) {
        if (signal?.aborted) throw cancelled();
        if (!(await breaker.tryAcquire(key))) {
          const retryAfterMs = await breaker.retryInMs(key);
          const message = `${key}: circuit open, retry in ${retryAfterMs} ms`;
          const error = new ProviderError(ProviderErrorCodes.circuitOpen, message, {
            ...target,
            retryAfterMs,
          });
          yield skip(target, error);
          break;
        }
        attemptNo += 1;
        let settled = false;
        try {
          if (restart) yield restart;
          restart = undefined;
          const kind: AttemptKind = retry > 0 ? 'retry' : index > 0 || attemptNo > 1 ? 'fallback' : 'first';
          yield { type: 'attempt', attempt: attemptNo, kind, ...target, reason, delayMs };
          const startedAt = now();
          let emittedText = false;
          try {
            for await (const chunk of streamWithTimeouts(
              (attemptSignal) => provider.stream({ ...base, model: target.model, signal: attemptSignal }),
              signal,
              policy.timeouts,
              target,
            )) {
              if (chunk.type === 'text') emittedText = true;
              yield chunk;
            }
            settled = true;
            await breaker.recordSuccess(key);
            return;
          } catch (thrown) {
            settled = true;
            const error = classifyProviderError(thrown, { ...target, signal, now });
            attempts.push({
              attempt: attemptNo,
              ...target,
              outcome: 'failed',
              code: error.code,
              message: error.message,
              emittedText,
              durationMs: now() - startedAt,
            });
            if (error.code === ProviderErrorCodes.cancelled) {
              await breaker.release(key);
              throw error.with({ attempts });
            }
            if (HEALTH_FAILURES.has(error.code)) await breaker.recordFailure(key);
            else await breaker.release(key);
            lastError = error;
            reason = error.code;
            delayMs = 0;
            if (emittedText) {
              restart = {
                type: 'restart',
                attempt: attemptNo,
                ...target,
                reason: error.code,
                message: error.message,
              };
            }
          }
        } finally {
          // The consumer stopped listening mid-attempt: free a half-open probe slot.
          if (!settled) await breaker.release(key);
        }

        if (!lastError.retryable || retry === policy.retries) break;
        const delay = computeBackoffMs(retry, policy.backoff, random, lastError.retryAfterMs);
        if (delay === null) break;
        delayMs = delay;
        await sleep(delay, signal);
      }
    }

    if (!lastError) throw new Error('createModelRouter: chain ended without an attempt');
    const summary = `${lastError.message} (${attemptNo} attempt${attemptNo === 1 ? '' : 's'}, ${chain.length} model${chain.length === 1 ? '' : 's'})`;
    throw lastError.with({ attempts }, summary);
  }

  return { breaker, stream: route };
}
