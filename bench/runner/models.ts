import type { ChatChunk, ChatModelProvider, ChatRequest } from '@synapse/providers';
import type { CallModel, ModelEvent } from '@synapse/runner';

export const BENCH_PROVIDER = 'bench';
export const BENCH_MODEL = 'bench';

/** The zero-latency model: one text chunk, immediately. */
export const zeroLatencyModel: CallModel = () =>
  (async function* (): AsyncGenerator<ModelEvent> {
    yield { type: 'text', text: 'ok' };
  })();

/** A model that answers with one text chunk after `ms` (a timer, like a network round trip). */
export function fixedLatencyModel(ms: number): CallModel {
  return (request) =>
    (async function* (): AsyncGenerator<ModelEvent> {
      await abortableSleep(ms, request.signal);
      if (!request.signal.aborted) yield { type: 'text', text: 'ok' };
    })();
}

/**
 * Every streamed token carries the `performance.now()` at which the model emitted it, in base 36 at
 * 0.01 ms resolution plus a space (6–7 characters, about a real token's length). An observer in the same
 * process decodes the tokens it sees and subtracts: no mapping table, no clock skew.
 */
export function encodeStamp(at: number): string {
  return `${Math.round(at * 100).toString(36)} `;
}

/** Stamps of the whole tokens in `text` (appended text always ends on a token boundary). */
export function decodeStamps(text: string): number[] {
  const stamps: number[] = [];
  for (const token of text.split(' ')) if (token) stamps.push(Number.parseInt(token, 36) / 100);
  return stamps;
}

export interface StreamingModelOptions {
  /** Time between tokens, on a fixed schedule from the first (20 ms = 50 tokens/s). */
  tokenIntervalMs: number;
  /** Tokens when the request names no maxTokens. */
  defaultTokens: number;
  /** Awaited before the first token (the bench opens it once every observer is connected). */
  gate?: () => Promise<void>;
  /**
   * The k-th stream starts (k mod phases) × tokenIntervalMs / phases late, so parallel streams do not
   * emit in lockstep (real streams are not synchronised either).
   */
  phases?: number;
}

/**
 * The bench's model provider: streams `maxTokens` stamped tokens at a fixed rate, then usage and done.
 * Registered under the id `bench`, it goes through the runner's real router like any provider.
 */
export function createStreamingProvider(options: StreamingModelOptions): ChatModelProvider {
  let streams = 0;
  return {
    id: BENCH_PROVIDER,
    label: 'Bench model (stamped tokens)',
    models: [{ id: BENCH_MODEL, label: 'Bench model' }],
    async *stream(request: ChatRequest): AsyncIterable<ChatChunk> {
      const phase = ((streams++ % (options.phases ?? 1)) * options.tokenIntervalMs) / (options.phases ?? 1);
      await options.gate?.();
      const tokens = request.maxTokens ?? options.defaultTokens;
      const start = performance.now() + phase;
      let emitted = 0;
      for (let i = 0; i < tokens; i++) {
        const due = start + (i + 1) * options.tokenIntervalMs;
        const wait = due - performance.now();
        if (wait > 0) await abortableSleep(wait, request.signal);
        if (request.signal?.aborted) return;
        emitted += 1;
        yield { type: 'text', text: encodeStamp(performance.now()) };
      }
      yield { type: 'usage', inputTokens: 1, outputTokens: emitted };
      yield { type: 'done', finishReason: 'stop' };
    },
  };
}

/** The provider as a CallModel without the router, for runs the bench drives itself (one attempt). */
export function callModelOf(provider: ChatModelProvider): CallModel {
  return (request) =>
    (async function* (): AsyncGenerator<ModelEvent> {
      yield { type: 'attempt', attempt: 1, provider: provider.id, model: BENCH_MODEL };
      yield* provider.stream({
        model: BENCH_MODEL,
        messages: [{ role: 'user', content: request.prompt }],
        ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
        signal: request.signal,
      });
    })();
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
