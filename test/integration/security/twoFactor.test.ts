// Two-factor authentication over the real API and sync server: enrolment, sign-in with a TOTP code,
// replay refused, recovery codes used once, rate-limited verification, and a workspace that requires 2FA
// refusing a member without it (API 403 and a sync connection) until they enrol.
import { indexDocName, workflowDocName } from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDoc, openDoc } from '../support/openDoc';

let stack: Stack;
let owner: TestUser;
const opened: OpenedDoc[] = [];
const STEP_MS = 30_000;

/** The code an authenticator app would show for `secret` at `offsetSteps` from now. */
const codeFor = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * STEP_MS });

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Enrols a signed-in user: setup, then enable with the current code. Returns the secret and codes. */
async function enrol(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await user.request('/api/me/2fa/setup', { method: 'POST' });
  expect(setup.status).toBe(200);
  const { secret, uri, qrCode } = (await setup.json()) as { secret: string; uri: string; qrCode: string };
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  expect(new URL(uri).searchParams.get('secret')).toBe(secret);
  expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
  const enabled = await user.request('/api/me/2fa/enable', { body: { code: codeFor(secret) } });
  expect(enabled.status).toBe(200);
  const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/** Password step: the challenge an account with 2FA gets instead of a session. */
async function challengeFor(user: TestUser): Promise<string> {
  const response = await post('/api/auth/login', { email: user.email, password: user.password });
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie().some((c) => c.startsWith('synapse_session='))).toBe(false);
  const body = (await response.json()) as { twoFactorRequired?: boolean; challenge?: string };
  expect(body.twoFactorRequired).toBe(true);
  return body.challenge as string;
}

async function auditKinds(userId: string): Promise<{ kind: string; details: Record<string, unknown> }[]> {
  return stack.server.database.sql.query(
    'select kind, details from audit_events where actor_id = $1 order by id',
    [userId],
  );
}

function open(user: TestUser, name: string): OpenedDoc {
  const doc = openDoc(stack.syncUrl, name, () => user.syncToken());
  opened.push(doc);
  return doc;
}

const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) backends.push(['Postgres', process.env.TEST_DATABASE_URL]);

describe.each(backends)('on %s', (_name, postgresUrl) => {
  beforeAll(async () => {
    stack = await startStack({
      devAuth: false,
      postgresUrl,
      server: {
        rateLimits: {
          twoFactor: { attempts: 100, perSeconds: 3600 },
          twoFactorAccount: { attempts: 10, perSeconds: 3600 },
        },
      },
    });
    owner = await stack.users.signUp({ name: 'Owner' });
  });
  afterAll(async () => {
    for (const doc of opened.splice(0)) doc.destroy();
    await stack?.stop();
  });

  describe('two-factor sign-in', () => {
    let secret = '';
    let recoveryCodes: string[] = [];

    it('enrols: the secret is stored encrypted and the recovery codes hashed', async () => {
      expect(await (await owner.request('/api/me/2fa')).json()).toEqual({
        enabled: false,
        recoveryCodesLeft: 0,
      });
      ({ secret, recoveryCodes } = await enrol(owner));
      expect(recoveryCodes).toHaveLength(10);
      expect(await (await owner.request('/api/me/2fa')).json()).toEqual({
        enabled: true,
        recoveryCodesLeft: 10,
      });
      const rows = await stack.server.database.sql.query<{ ciphertext: Uint8Array }>(
        'select ciphertext from user_two_factor where user_id = $1',
        [owner.id],
      );
      expect(Buffer.from(rows[0]?.ciphertext ?? []).toString('latin1')).not.toContain(secret);
      const stored = await stack.server.database.sql.query<{ code_hash: string }>(
        'select code_hash from user_recovery_codes where user_id = $1',
        [owner.id],
      );
      expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
      // A second setup while on is refused rather than silently replacing the secret.
      expect((await owner.request('/api/me/2fa/setup', { method: 'POST' })).status).toBe(409);
    });

    it('the right password alone gives no session; a code completes the sign-in, once', async () => {
      const challenge = await challengeFor(owner);

      const wrong = await post('/api/auth/login/2fa', { challenge, code: '000000' });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
        'synapse.auth.two_factor_invalid_code',
      );

      // The enrolment code's step is used, so the next step's code (which the app shows within 30 s).
      const code = codeFor(secret, 1);
      const signedIn = await post('/api/auth/login/2fa', { challenge, code });
      expect(signedIn.status).toBe(200);
      expect(signedIn.headers.getSetCookie().some((c) => c.startsWith('synapse_session='))).toBe(true);

      const replayed = await post('/api/auth/login/2fa', { challenge: await challengeFor(owner), code });
      expect(replayed.status).toBe(401);

      const kinds = await auditKinds(owner.id);
      expect(kinds.map((k) => k.kind)).toEqual(
        expect.arrayContaining(['auth.2fa_enabled', 'auth.2fa_failed', 'auth.signed_in']),
      );
      expect(kinds.find((k) => k.kind === 'auth.signed_in' && k.details.mfa === true)).toBeDefined();
    });

    it('a recovery code signs in once', async () => {
      const code = recoveryCodes[0] as string;
      const first = await post('/api/auth/login/2fa', {
        challenge: await challengeFor(owner),
        recoveryCode: code,
      });
      expect(first.status).toBe(200);
      const again = await post('/api/auth/login/2fa', {
        challenge: await challengeFor(owner),
        recoveryCode: code,
      });
      expect(again.status).toBe(401);
      expect(await (await owner.request('/api/me/2fa')).json()).toEqual({
        enabled: true,
        recoveryCodesLeft: 9,
      });
      expect((await auditKinds(owner.id)).map((k) => k.kind)).toContain('auth.recovery_code_used');
    });

    it('a forged or tampered challenge is refused', async () => {
      const challenge = await challengeFor(owner);
      const [payload = '', signature = ''] = challenge.split('.');
      const tampered = `${payload.slice(0, -2)}AA.${signature}`;
      const response = await post('/api/auth/login/2fa', { challenge: tampered, code: codeFor(secret, 1) });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'synapse.auth.two_factor_challenge_expired',
      );
      // A sync token is not a challenge either.
      const syncToken = await owner.syncToken();
      expect((await post('/api/auth/login/2fa', { challenge: syncToken, code: '123456' })).status).toBe(401);
    });

    it('guessing codes for an account is rate-limited, with a clear 429', async () => {
      const guesser = await stack.users.signUp({
        inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
      });
      const { secret: guesserSecret } = await enrol(guesser);
      const challenge = await challengeFor(guesser);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await post('/api/auth/login/2fa', { challenge, code: String(100000 + i) })).status);
      expect(statuses).toContain(429);
      expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
      // Limited means limited: even the right code waits.
      const right = await post('/api/auth/login/2fa', { challenge, code: codeFor(guesserSecret, 1) });
      expect(right.status).toBe(429);
      expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await right.json()) as { error: { code: string } }).error.code).toBe('synapse.rate_limited');
      expect(
        (await auditKinds(guesser.id)).filter((k) => k.kind === 'auth.2fa_failed').length,
      ).toBeGreaterThan(0);
    });
  });

  describe('a workspace that requires two-factor authentication', () => {
    it('refuses a member without it (API and sync) until they enrol', async () => {
      const member = await stack.users.signUp({
        name: 'Member',
        inviteToken: await stack.users.invite(owner, 'default', 'editor'),
      });
      // A second session of the member's, signed in before they have a second factor.
      const otherDevice = await stack.users.signIn(member.email, member.password);
      const before = open(member, workflowDocName('default', 'before'));
      expect(await before.outcome).toEqual({ kind: 'read-write' });

      const required = await owner.request('/api/workspaces/default/two-factor', {
        method: 'PUT',
        body: { require2fa: true },
      });
      expect(required.status).toBe(200);
      expect(await (await owner.request('/api/workspaces/default/two-factor')).json()).toEqual({
        require2fa: true,
      });
      expect((await auditKinds(owner.id)).map((k) => k.kind)).toContain('workspace.2fa_required');
      // The connection the member had open is closed with the reason.
      expect(await before.closed).toMatch(/^synapse\.auth\.two_factor_required/);

      const refused = await member.request('/api/workspaces/default/members');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'synapse.auth.two_factor_required',
      );
      // Account routes still answer, so the member can enrol.
      expect((await member.request('/api/me')).status).toBe(200);
      const denied = await open(member, indexDocName('default')).outcome;
      expect(denied).toMatchObject({ kind: 'denied', reason: expect.stringMatching(/two_factor_required/) });

      await enrol(member);
      expect((await member.request('/api/workspaces/default/members')).status).toBe(200);
      expect(await open(member, indexDocName('default')).outcome).toEqual({ kind: 'read-write' });

      // The other session never proved the second factor: it still does not pass.
      expect((await otherDevice.request('/api/workspaces/default/members')).status).toBe(403);
      expect((await open(otherDevice, indexDocName('default')).outcome).kind).toBe('denied');

      // Turning 2FA off (a wrong password first) takes the verified mark off every session again.
      const wrong = await member.request('/api/me/2fa/disable', { body: { password: 'not the password' } });
      expect(wrong.status).toBe(400);
      expect(
        (await member.request('/api/me/2fa/disable', { body: { password: member.password } })).status,
      ).toBe(204);
      expect(await (await member.request('/api/me/2fa')).json()).toEqual({
        enabled: false,
        recoveryCodesLeft: 0,
      });
      expect((await member.request('/api/workspaces/default/members')).status).toBe(403);
      expect((await auditKinds(member.id)).map((k) => k.kind)).toEqual(
        expect.arrayContaining(['auth.2fa_enabled', 'auth.2fa_failed', 'auth.2fa_disabled']),
      );
    });

    it('an owner cannot require it from a session without the second factor', async () => {
      const solo = await stack.users.signUp({
        inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
      });
      const created = await solo.request('/api/workspaces', { body: { name: 'Solo' } });
      expect(created.status).toBe(201);
      const { workspace } = (await created.json()) as { workspace: { id: string } };
      const response = await solo.request(`/api/workspaces/${workspace.id}/two-factor`, {
        method: 'PUT',
        body: { require2fa: true },
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'synapse.auth.two_factor_required',
      );
      // An editor or viewer may not change the requirement at all.
      const viewer = await solo.request('/api/workspaces/default/two-factor', {
        method: 'PUT',
        body: { require2fa: false },
      });
      expect(viewer.status).toBe(403);
    });
  });
});
