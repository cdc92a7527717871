import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTestApp } from '../test/useTestApp';

const password = 'correct horse battery staple';

describe('auth routes', () => {
  const t = useTestApp();

  it('says the install needs setup until the first account signs up, which then owns default', async () => {
    expect(await (await t.request('/api/auth/setup')).json()).toEqual({
      needsSetup: true,
      signupOpen: false,
    });
    const response = await t.request('/api/auth/signup', {
      body: { name: 'Ada', email: 'ada@example.test', password },
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('synapse_session='))).toBe(true);
    expect(await response.json()).toMatchObject({
      user: { name: 'Ada', email: 'ada@example.test' },
      workspaces: [{ id: 'default', role: 'owner' }],
    });
    expect(await (await t.request('/api/auth/setup')).json()).toEqual({
      needsSetup: false,
      signupOpen: false,
    });
  });

  it('refuses sign-up without an invite once the install has an owner', async () => {
    const response = await t.request('/api/auth/signup', {
      body: { name: 'Eve', email: 'eve@example.test', password },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
  });

  it('refuses a used email without saying so (403, as a closed install) and an unknown invite (410)', async () => {
    const owner = await t.signIn('ada@example.test', password);
    const invite = await owner.request('/api/workspaces/default/invites', { body: { role: 'editor' } });
    const { token } = (await invite.json()) as { token: string };
    const taken = await t.request('/api/auth/signup', {
      body: { name: 'Ada 2', email: 'ADA@example.test', password, inviteToken: token },
    });
    expect(taken.status).toBe(403);
    expect(await errorCode(taken)).toBe(ErrorCodes.forbidden);
    const gone = await t.request('/api/auth/signup', {
      body: { name: 'Bob', email: 'bob@example.test', password, inviteToken: 'x'.repeat(32) },
    });
    expect(gone.status).toBe(410);
  });

  it.each([
    ['a missing password', { name: 'A', email: 'a@example.test' }],
    ['an unknown field', { name: 'A', email: 'a@example.test', password, admin: true }],
    ['a short password', { name: 'A', email: 'a@example.test', password: 'short' }],
    ['a malformed email', { name: 'A', email: 'not-an-email', password }],
  ])('answers 400 to a sign-up with %s', async (_, body) => {
    const response = await t.request('/api/auth/signup', { body });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('signs in with the right password and refuses a wrong one with 401', async () => {
    const ok = await t.request('/api/auth/login', { body: { email: 'ada@example.test', password } });
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie().some((c) => c.startsWith('synapse_session='))).toBe(true);
    const wrong = await t.request('/api/auth/login', {
      body: { email: 'ada@example.test', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe(ErrorCodes.unauthorized);
    const invalid = await t.request('/api/auth/login', { body: { email: 'ada@example.test' } });
    expect(invalid.status).toBe(400);
  });

  it('signs out (the session stops working) and answers 401 when signed out', async () => {
    const user = await t.signIn('ada@example.test', password);
    expect((await user.request('/api/me')).status).toBe(200);
    const out = await user.request('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('synapse_session=;'))).toBe(true);
    expect((await user.request('/api/me')).status).toBe(401);
    const again = await t.request('/api/auth/logout', { method: 'POST' });
    expect(again.status).toBe(401);
    expect(await errorCode(again)).toBe(ErrorCodes.unauthorized);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const response = await t.request('/api/auth/login', {
      body: { email: 'ada@example.test', password },
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe(ErrorCodes.csrf);
  });
});
