import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_TIMEOUT_MS, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTestApp } from '../test/useTestApp';

describe('session routes', () => {
  const t = useTestApp();
  let owner: TestClient;
  beforeAll(async () => {
    owner = await t.signUp({ name: 'Ada' });
  }, TEST_APP_TIMEOUT_MS);

  it('tells a signed-in user who they are and where they are a member', async () => {
    const response = await owner.request('/api/me');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      user: { id: owner.id, name: 'Ada', email: owner.email },
      workspaces: [{ id: 'default', name: 'Default workspace', role: 'owner' }],
    });
  });

  it('issues a sync token that authenticates as the same user', async () => {
    const response = await owner.request('/api/sync-token', { method: 'POST' });
    expect(response.status).toBe(200);
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(Date.now());
    const verdict = await t.security.auth.authenticateSyncToken(token);
    expect(verdict).toMatchObject({ ok: true, principal: { kind: 'user', id: owner.id } });
  });

  it.each([
    ['GET', '/api/me'],
    ['POST', '/api/sync-token'],
  ])('answers 401 to %s %s signed out', async (method, path) => {
    const response = await t.request(path, { method });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe(ErrorCodes.unauthorized);
  });

  it('answers 401 to a cookie that names no session', async () => {
    const response = await t.request('/api/me', { headers: { cookie: 'synapse_session=forged' } });
    expect(response.status).toBe(401);
  });
});
