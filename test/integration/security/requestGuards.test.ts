// What an outside security test broke at the HTTP edge (issue 17, findings 2, 3, 4 and 8), reproduced against
// the real server: a foreign Host (DNS rebinding), a huge body ahead of every check, a non-JSON body on a
// JSON route, and responses without security headers.
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '@synapse/server';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let port: number;
const errorLogs: string[] = [];

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, because fetch may not set Host; `body` may be a generator to stream chunks. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | (() => Generator<string>),
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let response: RawResponse | null = null;
    // A connection per request: after a refused body the server discards what follows on that connection.
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const got: RawResponse = { status: res.statusCode ?? 0, headers: res.headers, body: '' };
      response = got;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        got.body += chunk;
      });
      res.on('end', () => resolve(got));
      res.on('error', () => resolve(got));
    });
    // The server answers a too-large body and then closes the connection while the client is still
    // sending: a reset after the answer arrived is the expected end, before it a failure.
    req.on('error', (error) => (response ? resolve(response) : reject(error)));
    if (typeof body === 'function') {
      // Like a real client: one chunk at a time, and stop sending once the answer is in.
      void (async () => {
        for (const chunk of body()) {
          if (response || req.destroyed) return;
          await new Promise((flushed) => req.write(chunk, flushed));
        }
        req.end();
      })();
    } else req.end(body);
  });
}

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        if ((JSON.parse(line) as { level: number }).level >= 50) errorLogs.push(line);
      done();
    },
  });
  stack = await startStack({
    devAuth: false,
    server: { logger: createLogger({ level: 'info', pretty: false, destination }) },
  });
  port = Number(new URL(stack.url).port);
});
afterAll(async () => {
  await stack?.stop();
});

const signup = JSON.stringify({
  name: 'Mallory',
  email: 'm@example.test',
  password: 'a long enough password',
});

describe('request guards at the HTTP edge', () => {
  it('a DNS-rebinding page (foreign Host and matching Origin) cannot take over a fresh install', async () => {
    const evil = `attacker-rebind.example:${port}`;
    const response = await raw(
      'POST',
      '/api/auth/signup',
      { host: evil, origin: `http://${evil}`, 'content-type': 'application/json' },
      signup,
    );
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'synapse.host_not_allowed' });
    expect((await raw('GET', '/', { host: evil })).status).toBe(403);
    expect(
      (await raw('GET', '/sync', { host: evil, connection: 'Upgrade', upgrade: 'websocket' })).status,
    ).toBe(403);
    // Nothing happened: the install still asks for its first account, and loopback names are served.
    const setup = await raw('GET', '/api/auth/setup', { host: `localhost:${port}` });
    expect(JSON.parse(setup.body)).toMatchObject({ needsSetup: true });
    expect((await raw('GET', '/api/auth/setup', { host: `127.0.0.1:${port}` })).status).toBe(200);
  });

  it('a body declared larger than the cap is refused with 413 before any of it is read', async () => {
    const declared = await raw('POST', '/api/auth/login', {
      'content-type': 'application/json',
      'content-length': String(200 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('synapse.payload_too_large');
  });

  it('a streamed body is cut off at the cap', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const streamed = await raw(
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      function* () {
        yield '{"email":"';
        for (let i = 0; i < 64; i++) yield chunk;
      },
    );
    expect(streamed.status).toBe(413);
  });

  it('a non-JSON body on a JSON route is 415 with a clear error, and logs nothing at error level', async () => {
    const response = await raw(
      'POST',
      '/api/auth/login',
      { 'content-type': 'text/plain' },
      'email=a&password=b',
    );
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error).toMatchObject({
      code: 'synapse.unsupported_media_type',
      message: expect.stringMatching(/application\/json.*text\/plain/),
    });
    const form = await raw(
      'POST',
      '/api/auth/signup',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'name=x',
    );
    expect(form.status).toBe(415);
    expect(errorLogs).toEqual([]);
  });

  it('every response carries a strict CSP and the other security headers; the docs page allows only its nonce', async () => {
    for (const path of ['/', '/api/auth/setup', '/api/nope']) {
      const { headers } = await raw('GET', path, {});
      expect(headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
    const docs = await raw('GET', '/api/docs', {});
    const nonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(
      String(docs.headers['content-security-policy']),
    )?.[1];
    expect(nonce).toBeTruthy();
    expect(docs.body).toContain(`<script nonce="${nonce}">`);
  });
});
