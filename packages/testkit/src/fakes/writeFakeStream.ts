import type { FakeStep } from './createFakeScript';
import type { FakeExchange } from './startFakeHttpServer';

/** The provider-specific SSE frames around the tokens; the fault handling is shared. */
export interface FakeStreamFrames {
  opening: string[];
  token(text: string): string;
  /** Terminal frames: finish/usage/[DONE] for OpenAI, block stop/message_delta/message_stop for Anthropic. */
  closing: string[];
  errorFrame(errorType: string | undefined, message: string): string;
}

const FAULT_DEFAULTS = { disconnect: 1, stall: 1, error_event: 1 } as const;

function faultIndex(step: FakeStep | undefined, tokenCount: number): number {
  if (!step?.kind) return -1;
  if (step.kind === 'truncated') return Math.min(step.afterChunks ?? tokenCount, tokenCount);
  if (step.kind === 'disconnect' || step.kind === 'stall' || step.kind === 'error_event') {
    return Math.min(step.afterChunks ?? FAULT_DEFAULTS[step.kind], tokenCount);
  }
  return -1;
}

/** Delay before each token: the step's own, else the `slow` delay, else the server default. */
export function fakeTokenDelay(step: FakeStep | undefined, serverDefault: number): number {
  if (step?.tokenDelayMs !== undefined) return step.tokenDelayMs;
  return serverDefault;
}

/**
 * Streams `tokens` as SSE, applying the step's timing and fault. Faults fire after `afterChunks`
 * text tokens: `disconnect` destroys the socket, `stall` keeps it open and silent, `truncated`
 * ends cleanly without the closing frames, `error_event` sends the provider's error frame.
 */
export async function writeFakeStream(
  exchange: FakeExchange,
  step: FakeStep | undefined,
  tokens: string[],
  frames: FakeStreamFrames,
  serverTokenDelayMs: number,
): Promise<void> {
  const { record } = exchange;
  record.kind = step?.kind ?? 'reply';
  const at = faultIndex(step, tokens.length);
  const tokenDelay = fakeTokenDelay(step, serverTokenDelayMs);

  exchange.startEventStream();
  for (const frame of frames.opening) exchange.write(frame);
  await exchange.sleep(step?.delayBeforeFirstTokenMs ?? 0);

  for (let i = 0; i <= tokens.length; i++) {
    if (exchange.signal.aborted) return;
    if (i === at && step?.kind) {
      switch (step.kind) {
        case 'disconnect':
          return exchange.disconnect();
        case 'stall':
          return exchange.hold();
        case 'truncated':
          return exchange.end('truncated');
        case 'error_event':
          exchange.write(frames.errorFrame(step.errorType, step.message ?? 'scripted mid-stream error'));
          return exchange.end('error_event');
      }
    }
    const token = tokens[i];
    if (token === undefined) break;
    await exchange.sleep(tokenDelay);
    if (exchange.signal.aborted) return;
    exchange.write(frames.token(token));
    record.chunksSent += 1;
  }
  for (const frame of frames.closing) exchange.write(frame);
  exchange.end('completed');
}
