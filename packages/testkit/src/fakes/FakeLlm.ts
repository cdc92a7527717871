import type { FakeScript, FakeStep } from './createFakeScript';
import type { FakeHttpServer, RecordedRequest } from './startFakeHttpServer';

export interface FakeLlmOptions {
  /** When set, requests carrying any other key (Bearer or x-api-key) get the provider's 401. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models` (any model id is accepted for completions). */
  models?: string[];
  /** Default delay before every streamed token. */
  tokenDelayMs?: number;
}

/** A running fake provider. */
export interface FakeLlm {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What to pass to the SDK as `baseURL` (`…/v1` for OpenAI, the bare origin for Anthropic). */
  baseURL: string;
  /** Every request in arrival order, updated in place as responses end. */
  requests: RecordedRequest[];
  /** Appends steps; each request takes the first step whose `match` fits, else gets the default echo. */
  script(...steps: FakeStep[]): void;
  /** Completion requests (not model listings) for one model. */
  callsFor(model: string): RecordedRequest[];
  /** Resolves when request `index` has ended, however it ended (completed, client_closed, …). */
  settled(index: number): Promise<RecordedRequest>;
  /** Most requests the fake was answering at once since it started or was last reset. */
  peakInFlight(): number;
  /** Clears the script and the request log. */
  reset(): void;
  close(): Promise<void>;
}

export function readApiKey(headers: Record<string, string>): string | undefined {
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return bearer ?? headers['x-api-key'];
}

export function assembleFakeLlm(
  server: FakeHttpServer,
  script: FakeScript,
  baseURL: string,
  completionPath: string,
): FakeLlm {
  return {
    url: server.url,
    baseURL,
    requests: server.requests,
    script: (...steps) => script.add(steps),
    callsFor: (model) => server.requests.filter((r) => r.path === completionPath && r.model === model),
    settled: (index) => server.settled(index),
    peakInFlight: () => server.peakInFlight(),
    reset() {
      script.clear();
      server.requests.length = 0;
      server.resetPeak();
    },
    close: () => server.close(),
  };
}
