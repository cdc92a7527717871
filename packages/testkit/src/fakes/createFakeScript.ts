/** Which requests a scripted step applies to; a step without `match` applies to any request. */
export interface FakeMatch {
  model?: string | RegExp;
  /** Tested against the last user message. */
  prompt?: string | RegExp;
}

/** A tool call a scripted reply asks for; `arguments` is sent as JSON, split into a few fragments. */
export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

interface FakeStepOptions {
  match?: FakeMatch;
  /** How many requests this step answers before it is used up (default 1; `Infinity` keeps it). */
  times?: number;
  /** Reply text instead of the default echo; split into word tokens unless `tokens` is given. */
  text?: string;
  /** The exact token chunks to stream. */
  tokens?: string[];
  /** Wait before sending the response headers (the SDK's `create()` stays pending). */
  delayBeforeHeadersMs?: number;
  /** Wait after the headers and the opening frame, before the first text token. */
  delayBeforeFirstTokenMs?: number;
  /** Wait before every token. */
  tokenDelayMs?: number;
  /**
   * Tool calls streamed after the text (default no text), ending with the provider's tool stop
   * reason (`tool_calls` / `tool_use`).
   */
  toolCalls?: FakeToolCall[];
}

export type FakeStep = FakeStepOptions &
  (
    | { kind?: 'reply' }
    /** An HTTP error before any stream; `retryAfter` in seconds, `retryAfterMs` as `retry-after-ms`. */
    | { kind: 'status'; status: number; retryAfter?: number; retryAfterMs?: number; body?: unknown }
    /** Destroy the socket after `afterChunks` text tokens (default 1). */
    | { kind: 'disconnect'; afterChunks?: number }
    /** Stop sending after `afterChunks` text tokens (default 1) and keep the socket open. */
    | { kind: 'stall'; afterChunks?: number }
    /** End the response cleanly after `afterChunks` tokens (default all) without the terminal frames. */
    | { kind: 'truncated'; afterChunks?: number }
    /** Delay every token by `tokenDelayMs`. */
    | { kind: 'slow'; tokenDelayMs: number }
    /** Send the provider's mid-stream SSE error frame after `afterChunks` tokens (default 1). */
    | { kind: 'error_event'; afterChunks?: number; errorType?: string; message?: string }
  );

export type FakeStepKind = NonNullable<FakeStep['kind']>;

export interface FakeScript {
  add(steps: FakeStep[]): void;
  /** Takes the first step that matches (consuming one of its `times`), or undefined for the default reply. */
  take(model: string, prompt: string): FakeStep | undefined;
  clear(): void;
  readonly pending: number;
}

function matches(pattern: string | RegExp | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

/** An ordered queue of scripted steps; requests consume the first step whose `match` fits them. */
export function createFakeScript(): FakeScript {
  const queue: { step: FakeStep; left: number }[] = [];
  return {
    add(steps) {
      for (const step of steps) queue.push({ step, left: step.times ?? 1 });
    },
    take(model, prompt) {
      const index = queue.findIndex(
        ({ step }) => matches(step.match?.model, model) && matches(step.match?.prompt, prompt),
      );
      const entry = queue[index];
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue.splice(index, 1);
      return entry.step;
    },
    clear() {
      queue.length = 0;
    },
    get pending() {
      return queue.length;
    },
  };
}
