import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { ErrorCodes } from '@synapse/schema';
import { type AddressPolicy, checkAddress, type LookupAddresses, systemLookup } from './checkAddress';

/** Thrown (as fetch's TypeError would be) when the address policy refuses a URL. */
export class AddressRefusedError extends TypeError {
  readonly code = ErrorCodes.addressRefused;
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefusedError';
  }
}

export type GuardedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface GuardedFetchOptions {
  policy: AddressPolicy;
  lookup?: LookupAddresses;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for user-supplied URLs: the host is resolved once, checked against the address policy, and the
 * connection is made to exactly that address (TLS still verifies the hostname), so DNS rebinding between
 * check and connect cannot redirect it. Redirects are never followed: a 3xx is returned as is, because a
 * redirect could point anywhere, credentials attached.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const lookup = options.lookup ?? systemLookup;
  return async (input, init) => {
    const request = new Request(input, init);
    const check = await checkAddress(request.url, options.policy, lookup);
    if (!check.ok) throw new AddressRefusedError(`request refused: ${check.reason}`);
    const { url, pinned } = check;
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body && !headers['content-length']) headers['content-length'] = String(body.byteLength);
    const requestOptions: RequestOptions = {
      method: request.method,
      headers,
      lookup: pinnedLookup,
      signal: request.signal,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, requestOptions, resolve);
      req.on('error', (error) =>
        reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error })),
      );
      req.end(body);
    });
    const status = response.statusCode ?? 502;
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
      else if (value !== undefined) responseHeaders.set(key, value);
    }
    if (NULL_BODY_STATUSES.has(status) || request.method === 'HEAD') {
      response.resume();
      return new Response(null, { status, statusText: response.statusMessage, headers: responseHeaders });
    }
    return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, {
      status,
      statusText: response.statusMessage,
      headers: responseHeaders,
    });
  };
}
