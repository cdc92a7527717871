import { ErrorCodes } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';

interface Provider {
  id: string;
  configured: boolean;
  requiresKey: boolean;
  models: unknown[];
}

describe('provider routes', () => {
  let t: TestApp;
  let owner: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    // Every name resolves to a public address, so base URLs pass the address policy without DNS.
    t = await createTestApp({ lookup: async () => [{ address: '93.184.216.34', family: 4 }] });
    ({ owner, viewer } = await t.team());
  }, TEST_APP_TIMEOUT_MS);
  afterAll(() => t.close());

  const providers = async (client: TestClient) => {
    const response = await client.request('/api/workspaces/default/providers');
    expect(response.status).toBe(200);
    return ((await response.json()) as { providers: Provider[] }).providers;
  };

  it('lists the catalog, configured where the workspace has a key, plus its custom endpoints', async () => {
    const before = await providers(viewer);
    expect(before.find((p) => p.id === 'openai')).toMatchObject({ requiresKey: true, configured: false });
    for (const body of [
      { provider: 'openai', apiKey: 'sk-test-0123456789' },
      { provider: 'custom:lab', apiKey: 'sk-test-0123456789', baseUrl: 'https://llm.lab.example/v1' },
    ]) {
      expect((await owner.request('/api/workspaces/default/keys', { body })).status).toBe(201);
    }
    const after = await providers(viewer);
    expect(after.find((p) => p.id === 'openai')?.configured).toBe(true);
    expect(after.find((p) => p.id === 'custom:lab')).toEqual({
      id: 'custom:lab',
      label: 'lab',
      kind: 'openai-compatible',
      requiresKey: true,
      configured: true,
      models: [],
    });
  });

  it('answers 401 signed out and 403 outside the workspace', async () => {
    const anonymous = await t.request('/api/workspaces/default/providers');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe(ErrorCodes.unauthorized);
    const outsider = await owner.request('/api/workspaces/elsewhere/providers');
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });
});
