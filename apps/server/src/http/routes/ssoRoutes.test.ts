import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

// The routes without an identity provider configured (the flow against a real provider is
// test/integration/security/sso.test.ts): what the sign-in page is told, where a sign-in attempt lands,
// and the per-workspace setting's access rules.
describe('SSO routes, SSO not configured', () => {
  const t = useTeamApp();

  it('tells the sign-in page there is no single sign-on', async () => {
    const response = await t.request('/api/auth/sso');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sso: null });
  });

  it('sends a sign-in attempt back to the sign-in page with a reason, not an error page', async () => {
    for (const path of ['/api/auth/sso/start', '/api/auth/sso/callback?code=x&state=y']) {
      const response = await t.request(path);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(/^\/\?sso_error=[a-z_]+$/);
    }
  });

  it('shows members the workspace setting, and refuses to change it but for owners', async () => {
    const read = await t.viewer.request('/api/workspaces/default/sso');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ ssoOnly: false, available: false });
    const refused = await t.editor.request('/api/workspaces/default/sso', {
      method: 'PUT',
      body: { ssoOnly: true },
    });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    const invalid = await t.owner.request('/api/workspaces/default/sso', {
      method: 'PUT',
      body: { ssoOnly: 'yes' },
    });
    expect(invalid.status).toBe(400);
    expect((await t.request('/api/workspaces/default/sso')).status).toBe(401);
  });
});
