import type { FakeStep } from './createFakeScript';
import type { FakeExchange } from './startFakeHttpServer';
import { fakeTokenDelay } from './writeFakeStream';

/** The non-streaming counterpart: same delays; faults become a dropped, silent or cut-off response. */
export async function writeFakeJson(
  exchange: FakeExchange,
  step: FakeStep | undefined,
  tokenCount: number,
  body: unknown,
  errorBody: unknown,
  serverTokenDelayMs: number,
): Promise<void> {
  exchange.record.kind = step?.kind ?? 'reply';
  await exchange.sleep(
    (step?.delayBeforeFirstTokenMs ?? 0) + fakeTokenDelay(step, serverTokenDelayMs) * tokenCount,
  );
  if (exchange.signal.aborted) return;
  switch (step?.kind) {
    case 'disconnect':
      return exchange.disconnect();
    case 'stall':
      return exchange.hold();
    case 'error_event':
      return exchange.json(500, errorBody);
    case 'truncated': {
      const text = JSON.stringify(body);
      exchange.res.writeHead(200, { 'content-type': 'application/json' });
      exchange.write(text.slice(0, Math.floor(text.length / 2)));
      return exchange.end('truncated');
    }
    default:
      exchange.record.chunksSent = tokenCount;
      return exchange.json(200, body);
  }
}
