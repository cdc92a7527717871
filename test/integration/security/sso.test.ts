// Single sign-on against a real OpenID Provider (`oidc-provider`, certified) started in the test: the whole
// authorization code flow driven by following redirects with a cookie jar, as a browser would.
import { ErrorCodes, workflowDocName } from '@synapse/schema';
import { type OidcProviderHost, type Stack, startSsoStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDoc, openDoc } from '../support/openDoc';

let stack: Stack;
let idp: OidcProviderHost;
let owner: TestUser;
const opened: OpenedDoc[] = [];

function open(name: string, token: () => Promise<string>): OpenedDoc {
  const doc = openDoc(stack.syncUrl, name, token);
  opened.push(doc);
  return doc;
}

/** Cookies per origin (the two servers share 127.0.0.1, but each only needs its own). */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();
  store(url: URL, response: Response): void {
    const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    this.byOrigin.set(url.origin, jar);
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
  }
  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }
  delete(url: string, name: string): void {
    this.byOrigin.get(new URL(url).origin)?.delete(name);
  }
}

/**
 * Follows redirects (storing cookies) until a page: the provider's sign-in form, or Synapse's app (where a
 * sign-in ends) — returns that URL and its response. `stopAt` ends the walk early at a matching URL.
 */
async function follow(
  jar: CookieJar,
  start: string,
  init: RequestInit = {},
  stopAt?: (url: URL) => boolean,
): Promise<{ url: URL; response: Response | null }> {
  let url = new URL(start);
  let request = init;
  for (let hop = 0; hop < 20; hop += 1) {
    if (stopAt?.(url)) return { url, response: null };
    // Where a sign-in lands: the web app, not part of the flow (and not built for this suite).
    if (url.origin === stack.url && !url.pathname.startsWith('/api/')) return { url, response: null };
    const headers = new Headers(request.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...request, headers, redirect: 'manual' });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url, response };
    url = new URL(location, url);
    request = {};
  }
  throw new Error('too many redirects');
}

/** Goes to the provider and back, signing in there as `login`; returns where the browser landed. */
async function signInWithSso(jar: CookieJar, login: string): Promise<URL> {
  const { response, url } = await follow(jar, `${stack.url}/api/auth/sso/start`);
  expect(url.origin).toBe(idp.issuer);
  const form = /<form[^>]*action="([^"]+)"/.exec(await (response as Response).text());
  expect(form).not.toBeNull();
  const landed = await follow(jar, new URL((form as RegExpExecArray)[1] as string, url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'anything' }).toString(),
  });
  return landed.url;
}

function asUser(jar: CookieJar) {
  const session = jar.get(stack.url, 'synapse_session');
  if (!session) throw new Error('not signed in');
  const request = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${stack.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie: `synapse_session=${session}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  return Object.assign(request, {
    syncToken: async () =>
      (await (await request('/api/sync-token', { method: 'POST' })).json()).token as string,
  });
}

const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) backends.push(['Postgres', process.env.TEST_DATABASE_URL]);

describe.each(backends)('on %s', (_backend, postgresUrl) => {
  beforeAll(async () => {
    ({ stack, idp } = await startSsoStack({ devAuth: false, postgresUrl, ssoName: 'Test IdP' }));
    owner = await stack.users.signUp({ name: 'Olive Owner', email: 'olive@example.test' });
    idp.person('sam', 'Sam@Example.test', true, 'Sam Sso');
    idp.person('olive-at-idp', 'olive@example.test', true, 'Olive at the IdP');
    idp.person('mallory', 'olive@example.test', false);
    idp.person('unverified-new', 'new@example.test', false);
  });
  afterAll(async () => {
    for (const doc of opened.splice(0)) doc.destroy();
    await stack?.stop();
    await idp?.stop();
  });

  describe('single sign-on with OpenID Connect', () => {
    it('tells the sign-in page the button to show', async () => {
      expect(await (await fetch(`${stack.url}/api/auth/sso`)).json()).toEqual({ sso: { name: 'Test IdP' } });
    });

    it('starts with state, nonce and S256 PKCE kept in a signed, HttpOnly cookie', async () => {
      const response = await fetch(`${stack.url}/api/auth/sso/start`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const to = new URL(response.headers.get('location') as string);
      expect(to.origin).toBe(idp.issuer);
      for (const param of ['state', 'nonce', 'code_challenge'])
        expect(to.searchParams.get(param)).toBeTruthy();
      expect(to.searchParams.get('code_challenge_method')).toBe('S256');
      expect(to.searchParams.get('redirect_uri')).toBe(`${stack.url}/api/auth/sso/callback`);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('synapse_sso='));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\/api\/auth\/sso/);
      // The PKCE verifier travels only in the cookie, never in the URL the provider sees.
      const payload = (cookie as string).slice('synapse_sso='.length).split('.')[0] as string;
      const pending = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      expect(pending.codeVerifier).toMatch(/^[\w-]{43,}$/);
      expect(to.href).not.toContain(pending.codeVerifier);
      expect(pending.state).toBe(to.searchParams.get('state'));
    });

    it('creates an account just in time for a new verified email, joining the configured workspace', async () => {
      const jar = new CookieJar();
      const landed = await signInWithSso(jar, 'sam');
      expect(landed.href).toBe(`${stack.url}/`);
      expect(jar.get(stack.url, 'synapse_sso')).toBeUndefined();
      const sam = asUser(jar);
      const me = await (await sam('/api/me')).json();
      expect(me.user).toMatchObject({ name: 'Sam Sso', email: 'sam@example.test' });
      expect(me.workspaces).toEqual([{ id: 'default', name: 'Default workspace', role: 'editor' }]);

      // A second sign-in finds the same account by (issuer, subject).
      const again = new CookieJar();
      await signInWithSso(again, 'sam');
      expect((await (await asUser(again)('/api/me')).json()).user.id).toBe(me.user.id);

      const audit = await (await owner.request(`/api/workspaces/default/audit?actor=${me.user.id}`)).json();
      const events = audit.events.map((e: { kind: string; details: object }) => ({
        kind: e.kind,
        ...e.details,
      }));
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'auth.signed_in', via: 'sso' }),
          expect.objectContaining({ kind: 'auth.sso_linked', account: 'created' }),
          expect.objectContaining({ kind: 'member.joined', role: 'editor', via: 'single sign-on' }),
        ]),
      );
      // An SSO account has no password to sign in with.
      const login = await fetch(`${stack.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sam@example.test', password: 'any password at all' }),
      });
      expect(login.status).toBe(401);
    });

    it('links an identity to the existing account with the same verified email', async () => {
      const jar = new CookieJar();
      expect((await signInWithSso(jar, 'olive-at-idp')).href).toBe(`${stack.url}/`);
      const me = await (await asUser(jar)('/api/me')).json();
      expect(me.user.id).toBe(owner.id);
      expect(me.workspaces).toEqual([{ id: 'default', name: 'Default workspace', role: 'owner' }]);
      // The password keeps working.
      await stack.users.signIn('olive@example.test', owner.password);
      const audit = await (await owner.request('/api/workspaces/default/audit?kind=auth.sso_linked')).json();
      expect(audit.events[0]).toMatchObject({ actorId: owner.id, details: { account: 'existing' } });
    });

    it('never links an unverified email to an account, nor creates one for it', async () => {
      for (const login of ['mallory', 'unverified-new']) {
        const jar = new CookieJar();
        const landed = await signInWithSso(jar, login);
        expect(landed.href).toBe(`${stack.url}/?sso_error=unverified`);
        expect(jar.get(stack.url, 'synapse_session')).toBeUndefined();
      }
      const members = await (await owner.request('/api/workspaces/default/members')).json();
      expect(members.members.map((m: { email: string }) => m.email).sort()).toEqual([
        'olive@example.test',
        'sam@example.test',
      ]);
    });

    it('refuses a callback whose state was tampered with, or that another browser started', async () => {
      const atCallback = (url: URL) => url.pathname === '/api/auth/sso/callback';
      const jar = new CookieJar();
      const { response, url } = await follow(jar, `${stack.url}/api/auth/sso/start`);
      const action = /<form[^>]*action="([^"]+)"/.exec(await (response as Response).text())?.[1] as string;
      const callback = await follow(
        jar,
        new URL(action, url).href,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ prompt: 'login', login: 'sam', password: 'x' }).toString(),
        },
        atCallback,
      );
      expect(callback.url.searchParams.get('code')).toBeTruthy();

      const tampered = new URL(callback.url);
      tampered.searchParams.set('state', 'attacker-chosen-state');
      expect((await follow(jar, tampered.href)).url.href).toBe(`${stack.url}/?sso_error=state`);

      // Login CSRF: a victim's browser without the pending cookie (an attacker's code in a link).
      const victim = new CookieJar();
      expect((await follow(victim, callback.url.href)).url.href).toBe(`${stack.url}/?sso_error=state`);
      expect(victim.get(stack.url, 'synapse_session')).toBeUndefined();
    });

    it('sends the browser back to the sign-in page when the person declines at the provider', async () => {
      const jar = new CookieJar();
      const { url } = await follow(jar, `${stack.url}/api/auth/sso/start`);
      const uid = url.pathname.split('/').at(-1) as string;
      const landed = await follow(jar, `${idp.issuer}/interaction/${uid}/abort`);
      expect(landed.url.href).toBe(`${stack.url}/?sso_error=denied`);
    });

    it('lets an owner require SSO for a workspace, refusing password sessions there', async () => {
      const ssoOwner = new CookieJar();
      await signInWithSso(ssoOwner, 'olive-at-idp');
      const viaSso = asUser(ssoOwner);
      expect(await (await owner.request('/api/workspaces/default/sso')).json()).toEqual({
        ssoOnly: false,
        available: true,
      });
      // From a password session the owner would lock themselves out: refused.
      const fromPassword = await owner.request('/api/workspaces/default/sso', {
        method: 'PUT',
        body: { ssoOnly: true },
      });
      expect(fromPassword.status).toBe(409);
      const sam = new CookieJar();
      await signInWithSso(sam, 'sam');
      expect(
        (await asUser(sam)('/api/workspaces/default/sso', { method: 'PUT', body: { ssoOnly: true } })).status,
      ).toBe(403);

      const passwordDoc = open(workflowDocName('default', 'sso-only'), () => owner.syncToken());
      expect(await passwordDoc.outcome).toEqual({ kind: 'read-write' });

      const on = await viaSso('/api/workspaces/default/sso', { method: 'PUT', body: { ssoOnly: true } });
      expect(await on.json()).toEqual({ ssoOnly: true, available: true });

      const refused = await owner.request('/api/workspaces/default/members');
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe(ErrorCodes.ssoRequired);
      const freshPassword = await stack.users.signIn('olive@example.test', owner.password);
      expect((await freshPassword.request('/api/workspaces/default/audit')).status).toBe(403);
      expect((await viaSso('/api/workspaces/default/members')).status).toBe(200);
      expect((await asUser(sam)('/api/workspaces/default/members')).status).toBe(200);
      // Documents too: the password session's open connection is closed, and it cannot open another.
      expect(await passwordDoc.closed).toMatch(
        /synapse\.sync\.revoked: this workspace now requires single sign-on/,
      );
      const again = open(workflowDocName('default', 'sso-only'), () => owner.syncToken());
      expect((await again.outcome).kind).toBe('denied');
      const ssoDoc = open(workflowDocName('default', 'sso-only'), viaSso.syncToken);
      expect(await ssoDoc.outcome).toEqual({ kind: 'read-write' });
      // Account routes still work, so a refused member can see why and sign in again.
      expect((await owner.request('/api/me')).status).toBe(200);

      const audit = await (
        await viaSso('/api/workspaces/default/audit?kind=workspace.sso_only_changed')
      ).json();
      expect(audit.events[0]).toMatchObject({ actorId: owner.id, details: { ssoOnly: true } });

      await viaSso('/api/workspaces/default/sso', { method: 'PUT', body: { ssoOnly: false } });
      expect((await owner.request('/api/workspaces/default/members')).status).toBe(200);
    });

    it('lands on the sign-in page with a clear reason when the provider is down', async () => {
      const jar = new CookieJar();
      const start = await fetch(`${stack.url}/api/auth/sso/start`, { redirect: 'manual' });
      jar.store(new URL(stack.url), start);
      const state = new URL(start.headers.get('location') as string).searchParams.get('state') as string;
      await idp.stop();
      const callback = new URL('/api/auth/sso/callback', stack.url);
      callback.search = new URLSearchParams({ code: 'some-code', state, iss: idp.issuer }).toString();
      const landed = await follow(jar, callback.href);
      expect(landed.url.href).toBe(`${stack.url}/?sso_error=provider`);
    });
  });
});
