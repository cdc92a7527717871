import { ErrorCodes } from '@synapse/schema';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

// The routes through app.request(); the whole flow over real sockets and sync is
// test/integration/security/twoFactor.test.ts.
describe('two-factor routes', () => {
  const t = useTeamApp();
  const codeFor = (secret: string, offsetSteps = 0) =>
    new TOTP({ secret: Secret.fromBase32(secret) }).generate({
      timestamp: Date.now() + offsetSteps * 30_000,
    });

  it('enrols with a code, then sign-in asks for a second step that a code completes', async () => {
    const setup = await t.editor.request('/api/me/2fa/setup', { method: 'POST' });
    expect(setup.status).toBe(200);
    const { secret, uri, qrCode } = (await setup.json()) as { secret: string; uri: string; qrCode: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrCode).toMatch(/^data:image\/svg\+xml/);

    const wrong = await t.editor.request('/api/me/2fa/enable', { body: { code: '000000' } });
    expect(wrong.status).toBe(400);
    const enabled = await t.editor.request('/api/me/2fa/enable', { body: { code: codeFor(secret) } });
    expect(enabled.status).toBe(200);
    expect(((await enabled.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);

    const login = await t.request('/api/auth/login', {
      body: { email: t.editor.email, password: t.editor.password },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toBeNull();
    const { challenge } = (await login.json()) as { challenge: string };
    const second = await t.request('/api/auth/login/2fa', { body: { challenge, code: codeFor(secret, 1) } });
    expect(second.status).toBe(200);
    expect(second.headers.get('set-cookie')).toMatch(/synapse_session=/);
  });

  it('refuses malformed bodies with 400 and signed-out account routes with 401', async () => {
    const both = await t.request('/api/auth/login/2fa', {
      body: { challenge: 'x'.repeat(20), code: '123456', recoveryCode: 'abcd-efgh' },
    });
    expect(both.status).toBe(400);
    expect(await errorCode(both)).toBe(ErrorCodes.invalidRequest);
    for (const path of ['/api/me/2fa', '/api/me/2fa/setup']) {
      const response = await t.request(path, path.endsWith('setup') ? { method: 'POST' } : {});
      expect(response.status).toBe(401);
    }
  });

  it('shows members the workspace requirement; only owners change it', async () => {
    const read = await t.viewer.request('/api/workspaces/default/two-factor');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ require2fa: false });
    const refused = await t.editor.request('/api/workspaces/default/two-factor', {
      method: 'PUT',
      body: { require2fa: true },
    });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
  });
});
