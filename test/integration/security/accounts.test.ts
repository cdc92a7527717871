// Accounts, sessions, invites, roles and the audit log over the real HTTP API, on a fresh install.
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let owner: TestUser;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stack = await startStack({
    devAuth: false,
    server: { rateLimits: { signIn: { attempts: 6, perSeconds: 600 } } },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('accounts and sessions', () => {
  it('a fresh install asks for its first account, which owns the default workspace', async () => {
    expect(await (await fetch(`${stack.url}/api/auth/setup`)).json()).toEqual({
      needsSetup: true,
      signupOpen: false,
    });
    expect((await fetch(`${stack.url}/api/me`)).status).toBe(401);
    expect((await post('/api/sync-token', {})).status).toBe(401);

    const response = await post('/api/auth/signup', {
      name: 'Olive Owner',
      email: 'Olive@Example.test',
      password: 'a long enough password',
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('synapse_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const body = await response.json();
    expect(body).toEqual({
      user: { id: expect.any(String), name: 'Olive Owner', email: 'olive@example.test' },
      workspaces: [{ id: 'default', name: 'Default workspace', role: 'owner' }],
    });
    expect(JSON.stringify(body)).not.toMatch(/password|scrypt/i);
    owner = await stack.users.signIn('olive@example.test', 'a long enough password');
    expect(await (await fetch(`${stack.url}/api/auth/setup`)).json()).toMatchObject({ needsSetup: false });
    const me = await (await owner.request('/api/me')).json();
    expect(me.workspaces).toEqual([{ id: 'default', name: 'Default workspace', role: 'owner' }]);
  });

  it('after the first account, signing up needs an invite', async () => {
    const response = await post('/api/auth/signup', {
      name: 'Eve',
      email: 'eve@example.test',
      password: 'another password',
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/invite/);
  });

  it('refuses weak passwords, duplicate emails and wrong passwords without saying which part was wrong', async () => {
    const token = await stack.users.invite(owner, 'default', 'viewer');
    expect(
      (
        await post('/api/auth/signup', {
          name: 'W',
          email: 'w@example.test',
          password: 'short',
          inviteToken: token,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post('/api/auth/signup', {
          name: 'Dup',
          email: 'OLIVE@example.test',
          password: 'a long enough password',
          inviteToken: token,
        })
      ).status,
    ).toBe(403); // the refusal a closed install gives any address (auditExport.test.ts compares them)
    const wrong = await post('/api/auth/login', {
      email: 'olive@example.test',
      password: 'not the password',
    });
    const unknown = await post('/api/auth/login', {
      email: 'nobody@example.test',
      password: 'not the password',
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await wrong.json()).error.message).toBe((await unknown.json()).error.message);
  });

  it('rate-limits sign-in attempts per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await post('/api/auth/login', { email: 'x@example.test', password: 'guess' })).status);
    expect(statuses).toContain(429);
    const limited = await post('/api/auth/login', {
      email: 'olive@example.test',
      password: 'a long enough password',
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses state changes from another origin (CSRF), including login', async () => {
    const evil = { origin: 'https://evil.example' };
    expect((await owner.request('/api/workspaces', { body: { name: 'x' }, headers: evil })).status).toBe(403);
    expect(
      (
        await owner.request('/api/workspaces', {
          body: { name: 'x' },
          headers: { 'sec-fetch-site': 'cross-site' },
        })
      ).status,
    ).toBe(403);
    expect((await post('/api/auth/logout', {}, { ...evil, cookie: owner.cookie })).status).toBe(403);
    const csrf = await post(
      '/api/auth/login',
      { email: 'a@b.c', password: 'x' },
      { 'sec-fetch-site': 'same-site' },
    );
    expect((await csrf.json()).error.code).toBe('synapse.csrf');
    // The app's own origin, and reads from anywhere, are fine.
    const own = await owner.request('/api/workspaces', {
      body: { name: 'Mine' },
      headers: { origin: stack.url },
    });
    expect(own.status).toBe(201);
    expect((await owner.request('/api/me', { headers: evil })).status).toBe(200);
  });

  it('logging out ends the session: the cookie and its sync tokens stop working', async () => {
    const session = await stack.users
      .signIn('olive@example.test', 'a long enough password')
      .catch(() => null);
    // Sign-in may be rate limited by the test above; a fresh invitee works as well.
    const user =
      session ??
      (await stack.users.signUp({ inviteToken: await stack.users.invite(owner, 'default', 'editor') }));
    const token = await user.syncToken();
    expect((await user.request('/api/me')).status).toBe(200);
    const out = await user.request('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/synapse_session=;/);
    expect((await user.request('/api/me')).status).toBe(401);
    const verdict = await stack.server.auth.authenticateSyncToken(token);
    expect(verdict).toEqual({ ok: false, reason: 'session ended' });
  });
});

describe('workspaces, invites and roles', () => {
  let editor: TestUser;
  let viewer: TestUser;

  it('invite links carry a role, work once, and can be revoked', async () => {
    const token = await stack.users.invite(owner, 'default', 'editor');
    expect(await (await fetch(`${stack.url}/api/invites/${token}`)).json()).toMatchObject({
      workspaceName: 'Default workspace',
      role: 'editor',
    });
    editor = await stack.users.signUp({ name: 'Ed Editor', inviteToken: token });
    expect((await (await editor.request('/api/me')).json()).workspaces).toEqual([
      { id: 'default', name: 'Default workspace', role: 'editor' },
    ]);
    expect((await fetch(`${stack.url}/api/invites/${token}`)).status).toBe(404);
    await expect(stack.users.signUp({ inviteToken: token })).rejects.toThrow(/410/);

    const revokable = await owner.request('/api/workspaces/default/invites', { body: { role: 'viewer' } });
    const { invite, token: revokedToken } = await revokable.json();
    expect((await owner.request('/api/workspaces/default/invites')).status).toBe(200);
    expect(
      (await owner.request(`/api/workspaces/default/invites/${invite.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await fetch(`${stack.url}/api/invites/${revokedToken}`)).status).toBe(404);

    viewer = await stack.users.signUp({
      name: 'Vi Viewer',
      inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
    });
    // An existing account accepts an invite to another workspace while signed in.
    const created = await (await owner.request('/api/workspaces', { body: { name: 'Second' } })).json();
    const second = created.workspace.id as string;
    const accepted = await viewer.request(
      `/api/invites/${await stack.users.invite(owner, second, 'editor')}/accept`,
      {
        method: 'POST',
      },
    );
    expect((await accepted.json()).workspace).toEqual({ id: second, name: 'Second', role: 'editor' });
  });

  it('only owners manage members; viewers and editors cannot', async () => {
    const members = await (await viewer.request('/api/workspaces/default/members')).json();
    expect(members.members.map((m: { name: string; role: string }) => [m.name, m.role])).toContainEqual([
      'Vi Viewer',
      'viewer',
    ]);
    expect(JSON.stringify(members)).not.toMatch(/password|scrypt/i);
    expect(
      (
        await editor.request(`/api/workspaces/default/members/${viewer.id}`, {
          method: 'PATCH',
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await editor.request(`/api/workspaces/default/members/${viewer.id}`, { method: 'DELETE' })).status,
    ).toBe(403);
    expect(
      (await viewer.request('/api/workspaces/default/invites', { body: { role: 'owner' } })).status,
    ).toBe(403);
    expect((await editor.request('/api/workspaces/default/audit')).status).toBe(403);
  });

  it('changes roles, keeps at least one owner, and lets members leave', async () => {
    const promote = await owner.request(`/api/workspaces/default/members/${viewer.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect((await promote.json()).member.role).toBe('editor');
    expect((await (await viewer.request('/api/me')).json()).workspaces).toContainEqual({
      id: 'default',
      name: 'Default workspace',
      role: 'editor',
    });
    const demoteLastOwner = await owner.request(`/api/workspaces/default/members/${owner.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(demoteLastOwner.status).toBe(409);
    await owner.request(`/api/workspaces/default/members/${viewer.id}`, {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    const leaver = await stack.users.signUp({
      name: 'Leaver',
      inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
    });
    expect(
      (await leaver.request(`/api/workspaces/default/members/${leaver.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await leaver.request('/api/workspaces/default/members')).status).toBe(403);
  });

  it('viewers have read-only API access', async () => {
    expect((await viewer.request('/api/workspaces/default/keys')).status).toBe(200);
    expect(
      (
        await viewer.request('/api/workspaces/default/keys', {
          body: { provider: 'openai', apiKey: 'sk-viewer-123456789' },
        })
      ).status,
    ).toBe(403);
    expect((await viewer.request('/api/workspaces/default/workflows/any/runs', { body: {} })).status).toBe(
      403,
    );
    expect((await viewer.request('/api/workspaces/default/workflows/any/runs')).status).toBe(200);
  });

  it('records an audit trail the owner can filter by actor, kind and time', async () => {
    const all = await (await owner.request('/api/workspaces/default/audit')).json();
    const kinds = new Set(all.events.map((e: { kind: string }) => e.kind));
    for (const kind of [
      'member.joined',
      'member.role_changed',
      'member.removed',
      'invite.created',
      'invite.revoked',
      'auth.signed_in',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const changes = await (
      await owner.request('/api/workspaces/default/audit?kind=member.role_changed')
    ).json();
    expect(changes.events[0]).toMatchObject({
      actorId: owner.id,
      target: viewer.id,
      details: { from: 'editor', to: 'viewer' },
    });
    const byEditor = await (await owner.request(`/api/workspaces/default/audit?actor=${editor.id}`)).json();
    expect(byEditor.events.every((e: { actorId: string }) => e.actorId === editor.id)).toBe(true);
    expect(byEditor.events.length).toBeGreaterThan(0);
    const future = await (
      await owner.request(`/api/workspaces/default/audit?since=${Date.now() + 60_000}`)
    ).json();
    expect(future.events).toEqual([]);
    const invites = await (await owner.request('/api/workspaces/default/audit?kind=invite.')).json();
    expect(invites.events.every((e: { kind: string }) => e.kind.startsWith('invite.'))).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/scrypt|password/i);
  });
});
