import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { csrfGuard } from './csrfGuard';
import { HttpError } from './HttpError';

function app(options?: Parameters<typeof csrfGuard>[0]) {
  const a = new Hono();
  a.use('*', csrfGuard(options));
  a.all('*', (c) => c.text('ok'));
  a.onError((error, c) => c.text(error.message, error instanceof HttpError ? error.status : 500));
  return a;
}

const post = (headers: Record<string, string>) =>
  new Request('http://synapse.test/api/x', { method: 'POST', headers: { host: 'synapse.test', ...headers } });

describe('csrfGuard', () => {
  it('lets same-origin and non-browser writes through, and every read', async () => {
    const a = app();
    expect((await a.request(post({ origin: 'http://synapse.test' }))).status).toBe(200);
    expect(
      (await a.request(post({ origin: 'https://synapse.test', 'sec-fetch-site': 'same-origin' }))).status,
    ).toBe(200);
    expect((await a.request(post({}))).status).toBe(200);
    expect(
      (
        await a.request(
          new Request('http://synapse.test/api/x', {
            headers: { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
          }),
        )
      ).status,
    ).toBe(200);
  });

  it('refuses writes from another origin or site', async () => {
    const a = app();
    expect((await a.request(post({ origin: 'https://evil.test' }))).status).toBe(403);
    expect((await a.request(post({ origin: 'null' }))).status).toBe(403);
    expect((await a.request(post({ 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect(
      (await a.request(post({ 'sec-fetch-site': 'same-site', origin: 'http://synapse.test' }))).status,
    ).toBe(403);
    expect(
      (
        await a.request(
          new Request('http://synapse.test/api/x', {
            method: 'DELETE',
            headers: { host: 'synapse.test', origin: 'http://sub.synapse.test' },
          }),
        )
      ).status,
    ).toBe(403);
  });

  it('allows configured origins, and forwarded hosts only behind a trusted proxy', async () => {
    expect(
      (
        await app({ allowedOrigins: ['https://app.example'] }).request(
          post({ origin: 'https://app.example' }),
        )
      ).status,
    ).toBe(200);
    const proxied = post({ origin: 'https://public.example', 'x-forwarded-host': 'public.example' });
    expect((await app().request(proxied)).status).toBe(403);
    expect((await app({ trustProxy: true }).request(proxied.clone())).status).toBe(200);
  });
});
