import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpError } from './HttpError';
import { hostGuard, isAllowedHost } from './hostGuard';

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:4000', [], true],
    ['[::1]:4000', [], true],
    ['10.0.0.7', [], true],
    ['localhost:4000', [], true],
    ['app.localhost', [], true],
    ['LOCALHOST.', [], true],
    ['attacker-rebind.example:4000', [], false],
    ['localhost.attacker.example', [], false],
    ['synapse.example.com', ['synapse.example.com'], true],
    ['Synapse.Example.com:443', ['synapse.example.com'], true],
    ['evil-synapse.example.com', ['synapse.example.com'], false],
    ['a.corp.example', ['*.corp.example'], true],
    ['corp.example', ['*.corp.example'], false],
    ['xcorp.example', ['*.corp.example'], false],
    ['anything.example', ['*'], true],
  ])('%s with %j → %s', (host, allowed, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected);
  });
});

describe('hostGuard', () => {
  function app(trustProxy = false) {
    const a = new Hono();
    a.use('*', hostGuard({ allowedHosts: ['synapse.example.com'], trustProxy }));
    a.all('*', (c) => c.text('ok'));
    a.onError((error, c) => c.text(error.message, error instanceof HttpError ? error.status : 500));
    return a;
  }

  it('refuses a foreign Host with 403 naming the setting, and serves configured ones', async () => {
    const refused = await app().request('/api/x', { headers: { host: 'attacker.example' } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/attacker\.example.*SYNAPSE_ALLOWED_HOSTS/);
    expect((await app().request('/api/x', { headers: { host: 'synapse.example.com' } })).status).toBe(200);
  });

  it('behind a trusted proxy judges the forwarded host, otherwise ignores it', async () => {
    const headers = { host: '10.0.0.2:4000', 'x-forwarded-host': 'attacker.example' };
    expect((await app(true).request('/', { headers })).status).toBe(403);
    expect((await app(false).request('/', { headers })).status).toBe(200);
  });
});
