import type { ChatChunk } from './ChatModel';
import { ProviderError, ProviderErrorCodes, type TimeoutKind } from './ProviderError';

export interface StreamTimeouts {
  /** From the start of the call to the first text chunk (covers connect and response headers). */
  firstTokenMs?: number;
  /** Longest silence between chunks once text has started. */
  idleMs?: number;
  /** Deadline for the whole attempt. */
  totalMs?: number;
}

function armed(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}

/**
 * Runs one provider stream under watchdogs the SDKs lack. The provider gets a signal that aborts on
 * the caller's signal or on a timeout (with a `synapse.provider.timeout` reason); waiting is raced
 * against the watchdog, so a provider that ignores its signal cannot hang the caller either.
 */
export async function* streamWithTimeouts(
  start: (signal: AbortSignal) => AsyncIterable<ChatChunk>,
  callerSignal: AbortSignal | undefined,
  timeouts: StreamTimeouts,
  describe: { provider: string; model: string },
): AsyncGenerator<ChatChunk> {
  const controller = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  let fail: (error: ProviderError) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});

  const where = `${describe.provider}/${describe.model}`;
  const trip = (kind: TimeoutKind, ms: number) => {
    const what = { first_token: 'no first token', idle: 'no chunk', total: 'attempt not finished' }[kind];
    const error = new ProviderError(ProviderErrorCodes.timeout, `${where}: ${what} within ${ms} ms`, {
      ...describe,
      timeout: kind,
    });
    controller.abort(error);
    fail(error);
  };
  const cancelled = () =>
    new ProviderError(ProviderErrorCodes.cancelled, `${where}: call cancelled`, {
      ...describe,
      cause: callerSignal?.reason,
    });
  const onCallerAbort = () => fail(cancelled());

  let firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  const { firstTokenMs, idleMs, totalMs } = timeouts;
  if (callerSignal?.aborted) throw cancelled();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  if (armed(totalMs)) totalTimer = setTimeout(() => trip('total', totalMs), totalMs);
  if (armed(firstTokenMs))
    firstTokenTimer = setTimeout(() => trip('first_token', firstTokenMs), firstTokenMs);

  const iterator = start(signal)[Symbol.asyncIterator]();
  let finished = false;
  let sawText = false;
  try {
    while (true) {
      // The idle clock measures the provider's silence, not the time our consumer spends on a chunk.
      if (sawText && armed(idleMs)) idleTimer = setTimeout(() => trip('idle', idleMs), idleMs);
      const result = await Promise.race([iterator.next(), failed]);
      clearTimeout(idleTimer);
      if (result.done) break;
      if (result.value.type === 'text' && !sawText) {
        sawText = true;
        clearTimeout(firstTokenTimer);
      }
      yield result.value;
    }
    finished = true;
    // Some providers end quietly when aborted; an abort is never a successful answer.
    if (controller.signal.aborted) throw controller.signal.reason;
    if (callerSignal?.aborted) throw cancelled();
  } catch (error) {
    if (controller.signal.reason instanceof ProviderError) throw controller.signal.reason;
    if (callerSignal?.aborted) throw cancelled();
    throw error;
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
    if (!finished) {
      if (!controller.signal.aborted) controller.abort();
      // Not awaited: a generator stuck in an await would keep us waiting for the very thing we abandon.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    }
  }
}
