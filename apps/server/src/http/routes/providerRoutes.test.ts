import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Provider {
  id: string;
  configured: boolean;
  requiresKey: boolean;
  models: unknown[];
}

describe('provider routes', () => {
  // Every name resolves to a public address, so base URLs pass the address policy without DNS.
  const t = useTeamApp({ lookup: async () => [{ address: '93.184.216.34', family: 4 }] });

  const providers = async (client: TestClient) => {
    const response = await client.request('/api/workspaces/default/providers');
    expect(response.status).toBe(200);
    return ((await response.json()) as { providers: Provider[] }).providers;
  };

  it('lists the catalog, configured where the workspace has a key, plus its custom endpoints', async () => {
    const before = await providers(t.viewer);
    expect(before.find((p) => p.id === 'openai')).toMatchObject({ requiresKey: true, configured: false });
    for (const body of [
      { provider: 'openai', apiKey: 'sk-test-0123456789' },
      { provider: 'custom:lab', apiKey: 'sk-test-0123456789', baseUrl: 'https://llm.lab.example/v1' },
    ]) {
      expect((await t.owner.request('/api/workspaces/default/keys', { body })).status).toBe(201);
    }
    const after = await providers(t.viewer);
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
    const outsider = await t.owner.request('/api/workspaces/elsewhere/providers');
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });
});
