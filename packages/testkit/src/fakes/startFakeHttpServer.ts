import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeStepKind } from './createFakeScript';

/** How a recorded request ended, as the server saw it. */
export type FakeRequestOutcome =
  | 'pending'
  | 'completed'
  | 'status'
  | 'disconnected'
  | 'truncated'
  | 'error_event'
  | 'client_closed'
  | 'server_closed';

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  /** Lower-cased header names, e.g. `authorization`, `x-api-key`, `anthropic-version`. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for GET or an empty body). */
  body: unknown;
  model?: string;
  /** The last user message, as used for matching and the default reply. */
  prompt?: string;
  stream: boolean;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** Which scripted behaviour answered it ('reply' for the default). */
  kind?: FakeStepKind | 'unauthorized';
  /** Text tokens written before the response ended. */
  chunksSent: number;
  outcome: FakeRequestOutcome;
}

/** One request being answered; handlers write through it so outcomes are recorded consistently. */
export interface FakeExchange {
  record: RecordedRequest;
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  startEventStream(): void;
  write(frame: string): void;
  end(outcome: FakeRequestOutcome): void;
  /** Destroys the socket without a proper end, like a dropped connection, once sent frames got out. */
  disconnect(): Promise<void>;
  /** Resolves once the client goes away or the server closes; used to stall. */
  hold(): Promise<void>;
}

export type FakeRoute = (exchange: FakeExchange) => Promise<void> | void;

export interface FakeHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when request `index` has arrived and its response has ended, however it ended. */
  settled(index: number): Promise<RecordedRequest>;
  /** Most requests open at once since the start (or `resetPeak`): what a concurrency cap is checked by. */
  peakInFlight(): number;
  resetPeak(): void;
  close(): Promise<void>;
}

const DISCONNECT_GRACE_MS = 20;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * A node:http server on 127.0.0.1:0 that records every request and hands it to a route keyed by
 * `METHOD /path`. `describe` extracts model/prompt/stream from the parsed body for the log.
 */
export async function startFakeHttpServer(options: {
  routes: Record<string, FakeRoute>;
  describe: (body: unknown) => Pick<RecordedRequest, 'model' | 'prompt' | 'stream'>;
  notFound: (exchange: FakeExchange) => void;
}): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const live = new Set<AbortController>();
  const waiters = new Map<number, ((record: RecordedRequest) => void)[]>();
  let closing = false;
  let peak = 0;

  function settle(record: RecordedRequest, outcome: FakeRequestOutcome) {
    if (record.outcome !== 'pending') return;
    record.outcome = outcome;
    for (const resolve of waiters.get(record.index) ?? []) resolve(record);
    waiters.delete(record.index);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const record: RecordedRequest = {
      index: requests.length,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: flattenHeaders(req),
      body,
      stream: false,
      time: Date.now(),
      chunksSent: 0,
      outcome: 'pending',
      ...(req.method === 'POST' ? options.describe(body) : {}),
    };
    requests.push(record);
    const controller = new AbortController();
    live.add(controller);
    peak = Math.max(peak, live.size);
    res.on('close', () => {
      live.delete(controller);
      settle(record, res.writableFinished ? 'completed' : closing ? 'server_closed' : 'client_closed');
      controller.abort();
    });

    const exchange: FakeExchange = {
      record,
      req,
      res,
      signal: controller.signal,
      sleep: (ms) =>
        new Promise((resolve) => {
          if (ms <= 0 || controller.signal.aborted) return resolve();
          const timer = setTimeout(resolve, ms);
          controller.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        }),
      json(status, payload, headers = {}) {
        if (res.destroyed) return;
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(text);
        settle(record, status >= 400 ? 'status' : 'completed');
      },
      startEventStream() {
        if (res.destroyed) return;
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        res.flushHeaders();
      },
      write(frame) {
        if (!res.destroyed && !res.writableEnded) res.write(frame);
      },
      end(outcome) {
        if (!res.destroyed && !res.writableEnded) res.end();
        settle(record, outcome);
      },
      async disconnect() {
        // Let frames already written reach the client first: a reader's queue is dropped on error.
        if (res.headersSent && !res.destroyed) {
          await new Promise<void>((resolve) => res.write('', () => resolve()));
          await exchange.sleep(DISCONNECT_GRACE_MS);
        }
        settle(record, 'disconnected');
        req.socket.destroy();
      },
      hold: () =>
        new Promise((resolve) => {
          if (controller.signal.aborted) return resolve();
          controller.signal.addEventListener('abort', () => resolve());
        }),
    };

    const route = options.routes[`${record.method} ${record.path}`];
    try {
      if (route) await route(exchange);
      else options.notFound(exchange);
    } catch (error) {
      exchange.json(500, { error: { message: String(error), type: 'fake_server_error' } });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    settled(index) {
      const record = requests[index];
      if (record && record.outcome !== 'pending') return Promise.resolve(record);
      return new Promise((resolve) => waiters.set(index, [...(waiters.get(index) ?? []), resolve]));
    },
    peakInFlight: () => peak,
    resetPeak() {
      peak = live.size;
    },
    async close() {
      closing = true;
      for (const controller of live) controller.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
