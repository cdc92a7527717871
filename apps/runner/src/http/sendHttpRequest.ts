import { ErrorCodes, type HttpMethod, type RenderedHttpRequest } from '@synapse/schema';

/** The address-policy `fetch` (packages/db createGuardedFetch): checks every URL, never follows redirects. */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpResponseData {
  status: number;
  statusText: string;
  /** Lower-case names in code-unit order; a repeated header's values joined by `, `. */
  headers: Record<string, string>;
  text: string;
}

export type HttpAttemptResult =
  | { ok: true; response: HttpResponseData }
  | { ok: false; code: string; message: string; cancelled?: boolean };

export interface HttpAttemptOptions {
  fetch: HttpFetch;
  request: RenderedHttpRequest;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal;
  /** True for header values that carry a secret: they never follow a redirect to another origin. */
  carriesSecret(value: string): boolean;
  /**
   * Called before every hop with its URL and what it would carry (URL, header values, body): a reason not
   * to send it (a secret the hop's host may not receive, ADR 0028), or null.
   */
  refuseHop?(url: string, carried: readonly string[]): string | null;
}

export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

class TooLarge extends Error {}

/** The body as text, refused past `limit` bytes (the rest is never read). */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(`the response is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const names: string[] = [];
  headers.forEach((value, name) => {
    if (Object.hasOwn(out, name)) out[name] = `${out[name]}, ${value}`;
    else {
      out[name] = value;
      names.push(name);
    }
  });
  names.sort();
  return Object.fromEntries(names.map((n) => [n, out[n] as string]));
}

/**
 * One attempt: the request, up to five redirects (each to a URL the address policy checks again; the
 * credentials and secret-bearing headers dropped when the origin changes; 303, and 301/302 after a POST,
 * continue as GET), and the body read under the size cap — all within `timeoutMs`.
 */
export async function sendHttpRequest(options: HttpAttemptOptions): Promise<HttpAttemptResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort('timeout'), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout.signal]);
  let method: HttpMethod = options.request.method;
  let url = options.request.url;
  let headers = options.request.headers;
  let body = options.request.body;
  try {
    for (let hop = 0; ; hop++) {
      const refusal = options.refuseHop?.(url, [url, ...headers.map(([, value]) => value), body ?? '']);
      if (refusal) return { ok: false, code: ErrorCodes.httpSecretHost, message: refusal };
      const response = await options.fetch(url, {
        method,
        headers,
        ...(body !== null ? { body } : {}),
        signal,
        redirect: 'manual',
      });
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location) {
        await response.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS)
          return {
            ok: false,
            code: ErrorCodes.httpTooManyRedirects,
            message: `more than ${MAX_REDIRECTS} redirects`,
          };
        const next = new URL(location, url);
        const crossOrigin = next.origin !== new URL(url).origin;
        if (crossOrigin)
          headers = headers.filter(
            ([name, value]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()) && !options.carriesSecret(value),
          );
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          if (method !== 'HEAD') method = 'GET';
          body = null;
          headers = headers.filter(([name]) => name.toLowerCase() !== 'content-type');
        }
        // 307/308 (and 301/302 for methods other than POST) resend the body: never a secret to another host.
        if (crossOrigin && body !== null && options.carriesSecret(body))
          return {
            ok: false,
            code: ErrorCodes.httpInvalidRequest,
            message: 'a redirect to another origin would resend a body that carries a secret',
          };
        url = next.href;
        continue;
      }
      const text = method === 'HEAD' ? '' : await readCapped(response, options.maxResponseBytes);
      return {
        ok: true,
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: headerRecord(response.headers),
          text,
        },
      };
    }
  } catch (error) {
    if (options.signal.aborted)
      return { ok: false, code: ErrorCodes.runCancelled, message: 'cancelled', cancelled: true };
    if (timeout.signal.aborted)
      return {
        ok: false,
        code: ErrorCodes.httpTimeout,
        message: `no complete response within ${options.timeoutMs} ms`,
      };
    if (error instanceof TooLarge)
      return { ok: false, code: ErrorCodes.httpTooLarge, message: error.message };
    const code = (error as { code?: unknown }).code;
    if (code === ErrorCodes.addressRefused)
      return { ok: false, code: ErrorCodes.addressRefused, message: (error as Error).message };
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const detail =
      typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
    if (error instanceof TypeError && !(error.message === 'fetch failed'))
      return { ok: false, code: ErrorCodes.httpInvalidRequest, message: error.message };
    return { ok: false, code: ErrorCodes.httpNetwork, message: `the request failed (${detail})` };
  } finally {
    clearTimeout(timer);
  }
}
