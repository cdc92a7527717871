import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_TIMEOUT_MS } from '../http/test/createTestApp';
import { useTestApp } from '../http/test/useTestApp';
import { attachMetricsRoute, isLoopbackHost } from './attachMetricsRoute';

describe('GET /metrics', () => {
  const t = useTestApp();
  beforeAll(async () => {
    attachMetricsRoute(
      t.app,
      { public: false, loopback: true },
      { metrics: t.metrics, status: t.systemStatus },
    );
    const owner = await t.signUp();
    // Creating a workflow writes its documents through the instrumented store.
    await t.workflow(owner);
  }, TEST_APP_TIMEOUT_MS);

  it('serves Prometheus text on loopback without a session', async () => {
    const response = await t.app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    for (const name of [
      'synapse_database_up 1',
      'synapse_sync_connections',
      'synapse_sync_documents',
      'synapse_persistence_lag_seconds',
      'synapse_persistence_inflight_rows',
      'synapse_persistence_commit_seconds_bucket{le="+Inf"}',
      'synapse_runs{status="succeeded"} 0',
      'process_resident_memory_bytes',
    ])
      expect(text).toContain(name);
    expect(Number(/^synapse_persistence_committed_rows_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    // prom-client separates families with an empty line, which the format allows.
    for (const line of text.split('\n').filter(Boolean))
      expect(line).toMatch(
        /^(# (HELP|TYPE) \w+ .+|[a-z_][a-z0-9_]*(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [-+0-9.eInfNa]+)$/,
      );
  });

  it('refuses requests that came through a proxy', async () => {
    for (const header of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }]) {
      expect((await t.app.request('/metrics', { headers: header })).status).toBe(403);
    }
  });
});

describe('/metrics exposure', () => {
  const app = (exposure: { public: boolean; loopback: boolean }) => {
    const hono = new Hono();
    const metrics = {
      contentType: 'text/plain',
      render: async () => 'm 1\n',
      commits: { committed() {}, failed() {} },
      redis: { up() {}, fault() {}, caughtUp() {} },
    };
    attachMetricsRoute(hono, exposure, { metrics, status: async () => ({}) as never });
    return hono;
  };

  it('answers 404 on a non-loopback address unless made public', async () => {
    expect((await app({ public: false, loopback: false }).request('/metrics')).status).toBe(404);
  });

  it('serves anyone, proxies included, when public', async () => {
    const response = await app({ public: true, loopback: false }).request('/metrics', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('m 1\n');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['example.com', false],
  ])('treats %s as loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
