import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';
import { createSessionsRepo } from './sessionsRepo';
import { createSsoRepo } from './ssoRepo';
import { createUsersRepo } from './usersRepo';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Single sign-on identities, SSO-only accounts and workspaces, and how sessions signed in. */
export function defineSsoRepoSuite(name: string, open: () => Promise<Database>): void {
  describe(`sso repository: ${name}`, () => {
    let db: Database;
    let sql: Sql;
    const now = () => 5_000_000;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('creates password-less accounts that count as accounts but cannot sign in with a password', async () => {
      const sso = createSsoRepo(sql, { now });
      const users = createUsersRepo(sql, { now });
      const before = await users.countAccounts();
      const id = unique('user');
      const email = `${unique('Sso')}@Example.com`;
      expect(await sso.createAccount({ id, name: 'Ada', email })).toBe(true);
      expect(await sso.createAccount({ id: unique('user'), name: 'Twin', email: email.toUpperCase() })).toBe(
        false,
      );
      expect(await users.countAccounts()).toBe(before + 1);
      expect(await users.findAccountByEmail(email)).toBeNull();
      expect(await sso.findAccountByEmail(` ${email} `)).toEqual({
        id,
        name: 'Ada',
        email: email.toLowerCase(),
      });
    });

    it('links an (issuer, subject) identity once and finds its account by it', async () => {
      const sso = createSsoRepo(sql, { now });
      const id = unique('user');
      const email = `${unique('link')}@example.com`;
      await createUsersRepo(sql, { now }).createAccount({ id, name: 'Bo', email, passwordHash: 'scrypt$x' });
      const issuer = 'https://idp.example';
      const subject = unique('sub');
      expect(await sso.findLinked(issuer, subject)).toBeNull();
      expect(await sso.link({ issuer, subject, userId: id, email })).toBe(true);
      expect(await sso.link({ issuer, subject, userId: unique('other'), email })).toBe(false);
      expect(await sso.findLinked(issuer, subject)).toEqual({ id, name: 'Bo', email });
      expect(await sso.findLinked('https://other.example', subject)).toBeNull();
      expect(await sso.identitiesOf(id)).toEqual([
        { issuer, subject, userId: id, email, createdAt: 5_000_000 },
      ]);
    });

    it('records how a session signed in', async () => {
      const id = unique('user');
      await createSsoRepo(sql, { now }).createAccount({ id, name: 'Cy', email: `${id}@example.com` });
      const sessions = createSessionsRepo(sql, { now });
      const sso = await sessions.create(id, { via: 'sso' });
      const password = await sessions.create(id);
      expect(await sessions.lookup(sso.token)).toMatchObject({ via: 'sso' });
      expect(await sessions.lookup(password.token)).toMatchObject({ via: 'password' });
      expect((await sessions.active(sso.sessionId))?.via).toBe('sso');
      await sessions.revoke(sso.sessionId);
      expect(await sessions.active(sso.sessionId)).toBeNull();
    });

    it('turns SSO-only on and off per workspace', async () => {
      const sso = createSsoRepo(sql, { now });
      const workspaceId = unique('ws');
      await createWorkspacesRepo(sql).ensure({ id: workspaceId, name: 'W' });
      expect(await sso.isSsoOnly(workspaceId)).toBe(false);
      expect(await sso.setSsoOnly(workspaceId, true)).toBe(true);
      expect(await sso.isSsoOnly(workspaceId)).toBe(true);
      expect(await sso.ssoOnlyWorkspaces()).toContain(workspaceId);
      expect(await sso.setSsoOnly(workspaceId, false)).toBe(true);
      expect(await sso.ssoOnlyWorkspaces()).not.toContain(workspaceId);
      expect(await sso.setSsoOnly(unique('missing'), true)).toBe(false);
    });
  });
}
