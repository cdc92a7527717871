import { describe, expect, it } from 'vitest';
import { useTestApp } from '../test/useTestApp';

describe('health routes with a Redis link that cannot connect', () => {
  // Nothing listens on port 1: the link is down from the start, as after a fault.
  const t = useTestApp({ redisUrl: 'redis://127.0.0.1:1' });

  it('answers 200 degraded with the Redis fault: the server still serves its own clients', async () => {
    const response = await t.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'degraded',
      database: 'ok',
      redis: { status: 'error', downSince: expect.any(Number), faults: 0 },
      version: 'test',
    });
  });
});

describe('health routes', () => {
  const t = useTestApp();

  it('answers ok with the version, signed out', async () => {
    const response = await t.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', version: 'test' });
  });

  it('serves the OpenAPI document and the docs page to anyone', async () => {
    const doc = await t.request('/api/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(((await doc.json()) as { paths: object }).paths);
    expect(paths).toContain('/api/health');
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/openapi.json');
  });

  it('answers 404 with an error code for an unknown API path', async () => {
    const response = await t.request('/api/no-such-route');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'synapse.not_found' } });
  });

  // Last: it closes the shared database.
  it('answers 503 degraded once the database is unreachable', async () => {
    await t.database.close();
    const response = await t.request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', database: 'error', version: 'test' });
  });
});
