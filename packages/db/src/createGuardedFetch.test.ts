import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupAddresses } from './checkAddress';
import { AddressRefusedError, createGuardedFetch } from './createGuardedFetch';

describe('guarded fetch', () => {
  let server: Server;
  let port = 0;
  const seen: { path: string; auth: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        setTimeout(() => res.end('data: two\n\n'), 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const loopbackAllowed = { allowPrivate: false, allow: ['127.0.0.0/8'] };

  it('refuses a disallowed address before any connection is made', async () => {
    const guarded = createGuardedFetch({ policy: { allowPrivate: false, allow: [] } });
    const before = seen.length;
    await expect(
      guarded(`http://127.0.0.1:${port}/models`, { headers: { authorization: 'Bearer sk-x' } }),
    ).rejects.toBeInstanceOf(AddressRefusedError);
    expect(seen.length).toBe(before);
  });

  it('connects to the address it checked, even if the name would resolve elsewhere later', async () => {
    // A rebinding resolver: the first answer passes the policy, any later one would not.
    let calls = 0;
    const rebinding: LookupAddresses = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const guarded = createGuardedFetch({ policy: loopbackAllowed, lookup: rebinding });
    const response = await guarded(`http://provider.test:${port}/v1/chat`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('data: one\n\ndata: two\n\n');
    expect(calls).toBe(1);
    expect(seen.at(-1)).toEqual({ path: '/v1/chat', auth: 'Bearer sk-test', body: '{"hello":"world"}' });
  });

  it('streams the body and never follows redirects', async () => {
    const guarded = createGuardedFetch({ policy: loopbackAllowed });
    const streamed = await guarded(`http://127.0.0.1:${port}/stream`);
    const reader = streamed.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
    await reader.cancel();
    const redirected = await guarded(`http://127.0.0.1:${port}/redirect`);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe('http://169.254.169.254/');
  });

  it('honours an abort signal', async () => {
    const guarded = createGuardedFetch({ policy: loopbackAllowed });
    const controller = new AbortController();
    controller.abort();
    await expect(guarded(`http://127.0.0.1:${port}/x`, { signal: controller.signal })).rejects.toThrow();
  });
});
