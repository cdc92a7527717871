import type { FakeStep } from './createFakeScript';
import type { FakeExchange } from './startFakeHttpServer';

type StatusStep = Extract<FakeStep, { kind: 'status' }>;

/** Answers with a scripted HTTP error, including the retry-after headers the SDKs and router read. */
export function answerFakeStatus(exchange: FakeExchange, step: StatusStep, defaultBody: unknown): void {
  const headers: Record<string, string> = {};
  if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
  if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
  exchange.record.kind = 'status';
  exchange.json(step.status, step.body ?? defaultBody, headers);
}
