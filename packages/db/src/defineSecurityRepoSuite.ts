import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from './auditLog';
import { createInvitesRepo } from './invitesRepo';
import { addMasterKey, type MasterKeyring } from './masterKeyring';
import { createMembershipsRepo } from './membershipsRepo';
import { migrate } from './migrate';
import { createProviderKeyStore } from './providerKeyStore';
import type { Database, Sql } from './Sql';
import { createSessionsRepo } from './sessionsRepo';
import { createUsersRepo } from './usersRepo';
import { createWorkspacesRepo } from './workspacesRepo';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Accounts, sessions, memberships, invites, audit and encrypted provider keys against a driver. */
export function defineSecurityRepoSuite(name: string, open: () => Promise<Database>): void {
  describe(`security repositories: ${name}`, () => {
    let db: Database;
    let sql: Sql;
    let clock = 1_000_000;
    const now = () => clock;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    async function account(email = `${unique('u')}@example.com`) {
      const id = unique('user');
      expect(
        await createUsersRepo(sql, { now }).createAccount({ id, name: id, email, passwordHash: 'scrypt$x' }),
      ).toBe(true);
      return id;
    }

    async function workspace() {
      const id = unique('ws');
      await createWorkspacesRepo(sql).ensure({ id, name: `Workspace ${id}` });
      return id;
    }

    it('creates accounts with unique case-insensitive emails and counts only accounts', async () => {
      const users = createUsersRepo(sql, { now });
      const before = await users.countAccounts();
      const email = `${unique('Mixed')}@Example.com`;
      const id = await account(email);
      expect(
        await users.createAccount({ id: 'other', name: 'x', email: email.toUpperCase(), passwordHash: 'h' }),
      ).toBe(false);
      await users.ensure({ id: unique('service'), name: 'Not an account' });
      expect(await users.countAccounts()).toBe(before + 1);
      expect(await users.findAccountByEmail(` ${email.toUpperCase()} `)).toMatchObject({
        id,
        email: email.toLowerCase(),
        passwordHash: 'scrypt$x',
      });
      expect(await users.findAccountByEmail('nobody@example.com')).toBeNull();
    });

    it('locks account creation for the rest of a transaction, and only inside one', async () => {
      const held = await sql.transaction(async (tx) => {
        await createUsersRepo(tx, { now }).lockAccountCreation();
        return tx.query(
          `select mode from pg_locks where locktype = 'relation' and relation = 'users'::regclass
             and pid = pg_backend_pid() and granted`,
        );
      });
      expect(held.map((r) => r.mode)).toContain('ShareRowExclusiveLock');
      await expect(createUsersRepo(sql, { now }).lockAccountCreation()).rejects.toThrow(/transaction/);
    });

    it('stores sessions by digest, slides their expiry, and revokes them', async () => {
      const sessions = createSessionsRepo(sql, { now, ttlMs: 10_000_000 });
      const userId = await account();
      const { sessionId, token, expiresAt } = await sessions.create(userId);
      const [stored] = await sql.query('select token_hash from sessions where id = $1', [sessionId]);
      expect(stored?.token_hash).not.toContain(token);
      expect(await sessions.lookup(token)).toMatchObject({ sessionId, userId, expiresAt });
      clock += 2 * 60 * 60 * 1000;
      expect((await sessions.lookup(token))?.expiresAt).toBe(clock + 10_000_000);
      expect(await sessions.lookup(`${token}x`)).toBeNull();
      expect(await sessions.isActive(sessionId)).toBe(true);
      expect(await sessions.revoke(sessionId)).toBe(userId);
      expect(await sessions.lookup(token)).toBeNull();
      expect(await sessions.isActive(sessionId)).toBe(false);
      const a = await sessions.create(userId);
      const b = await sessions.create(userId);
      expect((await sessions.revokeAllForUser(userId)).sort()).toEqual([a.sessionId, b.sessionId].sort());
    });

    it('expires sessions', async () => {
      const sessions = createSessionsRepo(sql, { now, ttlMs: 1000 });
      const { token, sessionId } = await sessions.create(await account());
      clock += 1001;
      expect(await sessions.lookup(token)).toBeNull();
      expect(await sessions.isActive(sessionId)).toBe(false);
    });

    it('sets, changes, lists and removes memberships', async () => {
      const members = createMembershipsRepo(sql, { now });
      const [ws, owner, viewer] = [await workspace(), await account(), await account()];
      expect(await members.set({ workspaceId: ws, userId: owner, role: 'owner' })).toBeNull();
      expect(await members.set({ workspaceId: ws, userId: viewer, role: 'editor' })).toBeNull();
      expect(await members.set({ workspaceId: ws, userId: viewer, role: 'viewer' })).toBe('editor');
      expect(await members.get(ws, viewer)).toBe('viewer');
      expect((await members.listByWorkspace(ws)).map((m) => [m.userId, m.role])).toEqual([
        [owner, 'owner'],
        [viewer, 'viewer'],
      ]);
      expect(await members.listByUser(viewer)).toEqual([
        { workspaceId: ws, name: `Workspace ${ws}`, role: 'viewer' },
      ]);
      expect(await members.countOwners(ws)).toBe(1);
      expect(await members.remove(ws, viewer)).toBe('viewer');
      expect(await members.remove(ws, viewer)).toBeNull();
      expect(await members.get(ws, viewer)).toBeNull();
      expect((await members.all()).some((m) => m.workspaceId === ws && m.userId === owner)).toBe(true);
    });

    it('invite links work once, expire, and can be revoked', async () => {
      const invites = createInvitesRepo(sql, { now });
      const ws = await workspace();
      const o = await account();
      await createMembershipsRepo(sql, { now }).set({ workspaceId: ws, userId: o, role: 'owner' });
      const { invite, token } = await invites.create({
        workspaceId: ws,
        role: 'viewer',
        createdBy: o,
        ttlMs: 1000,
      });
      expect(await invites.findOpen(token)).toMatchObject({
        id: invite.id,
        role: 'viewer',
        workspaceName: `Workspace ${ws}`,
      });
      expect((await invites.listOpen(ws)).map((i) => i.id)).toEqual([invite.id]);
      const [accepter, late] = [await account(), await account()];
      expect(await invites.accept(token, accepter)).toMatchObject({ id: invite.id });
      expect(await invites.accept(token, late)).toBeNull();
      expect(await invites.findOpen(token)).toBeNull();

      const expiring = await invites.create({ workspaceId: ws, role: 'editor', createdBy: o, ttlMs: 1000 });
      clock += 1001;
      expect(await invites.accept(expiring.token, late)).toBeNull();

      const revoked = await invites.create({ workspaceId: ws, role: 'editor', createdBy: o, ttlMs: 1000 });
      expect(await invites.revoke('other-ws', revoked.invite.id)).toBe(false);
      expect(await invites.revoke(ws, revoked.invite.id)).toBe(true);
      expect(await invites.accept(revoked.token, late)).toBeNull();
      expect(await invites.findOpen('short')).toBeNull();
    });

    it('an invite is usable only while its creator owns the workspace; revokeCreatedBy ends theirs', async () => {
      const invites = createInvitesRepo(sql, { now });
      const members = createMembershipsRepo(sql, { now });
      const ws = await workspace();
      const [creator, other, joiner] = [await account(), await account(), await account()];
      await members.set({ workspaceId: ws, userId: creator, role: 'owner' });
      await members.set({ workspaceId: ws, userId: other, role: 'owner' });
      const mine = await invites.create({ workspaceId: ws, role: 'owner', createdBy: creator, ttlMs: 1000 });
      const theirs = await invites.create({ workspaceId: ws, role: 'viewer', createdBy: other, ttlMs: 1000 });
      await members.set({ workspaceId: ws, userId: creator, role: 'viewer' });
      expect(await invites.findOpen(mine.token)).toBeNull();
      expect(await invites.accept(mine.token, joiner)).toBeNull();
      expect(await invites.revokeCreatedBy(ws, creator)).toBe(1);
      expect((await invites.listOpen(ws)).map((i) => i.id)).toEqual([theirs.invite.id]);
      expect(await invites.accept(theirs.token, joiner)).toMatchObject({ id: theirs.invite.id });
    });

    it('records audit events and filters them by actor, kind and time', async () => {
      const audit = createAuditLog(sql, { now });
      const members = createMembershipsRepo(sql, { now });
      const ws = await workspace();
      const [alice, bob, stranger] = [await account(), await account(), await account()];
      await members.set({ workspaceId: ws, userId: alice, role: 'owner' });
      const t0 = clock;
      await audit.record({
        workspaceId: ws,
        actorId: alice,
        actorName: 'Alice',
        kind: 'key.created',
        target: 'k1',
      });
      clock += 10;
      await audit.record({
        workspaceId: ws,
        actorId: bob,
        actorName: 'Bob',
        kind: 'key.deleted',
        details: { n: 1 },
      });
      clock += 10;
      await audit.record({ workspaceId: null, actorId: alice, actorName: 'Alice', kind: 'auth.signed_in' });
      await audit.record({ workspaceId: null, actorId: stranger, actorName: 'S', kind: 'auth.signed_in' });
      await audit.record({
        workspaceId: 'elsewhere',
        actorId: alice,
        actorName: 'Alice',
        kind: 'key.created',
      });

      const all = await audit.query({ workspaceId: ws });
      expect(all.map((e) => e.kind)).toEqual(['auth.signed_in', 'key.deleted', 'key.created']);
      expect(all[1]).toMatchObject({ actorName: 'Bob', details: { n: 1 }, target: null, createdAt: t0 + 10 });
      expect((await audit.query({ workspaceId: ws, actorId: alice })).length).toBe(2);
      expect((await audit.query({ workspaceId: ws, kind: 'key.' })).map((e) => e.kind)).toEqual([
        'key.deleted',
        'key.created',
      ]);
      expect((await audit.query({ workspaceId: ws, kind: 'key.created' })).length).toBe(1);
      expect(
        (await audit.query({ workspaceId: ws, since: t0 + 5, until: t0 + 15 })).map((e) => e.kind),
      ).toEqual(['key.deleted']);
      const page = await audit.query({ workspaceId: ws, limit: 1 });
      expect((await audit.query({ workspaceId: ws, before: page[0]?.id, limit: 1 }))[0]?.kind).toBe(
        'key.deleted',
      );
    });

    describe('provider keys', () => {
      const apiKey = `sk-test-${randomBytes(16).toString('hex')}`;
      let ring: MasterKeyring;
      beforeAll(() => {
        ring = addMasterKey(null, 1);
      });

      it('saves encrypted, lists only hints, resolves the newest key and records its use', async () => {
        const audit = createAuditLog(sql, { now });
        const store = createProviderKeyStore(sql, { masterKeys: ring, now, audit });
        const ws = await workspace();
        const saved = await store.save({
          workspaceId: ws,
          provider: 'openai',
          baseUrl: 'https://api.openai.com/v1/',
          apiKey,
          createdBy: 'u1',
        });
        expect(saved).toMatchObject({
          provider: 'openai',
          label: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          hint: `sk-…${apiKey.slice(-4)}`,
          lastUsedAt: null,
        });
        const rows = await sql.query('select * from provider_keys where id = $1', [saved.id]);
        expect(Buffer.from(JSON.stringify(rows)).includes(apiKey)).toBe(false);
        for (const value of Object.values(rows[0] ?? {})) {
          if (value instanceof Uint8Array) expect(Buffer.from(value).includes(apiKey)).toBe(false);
        }
        expect(JSON.stringify(await store.list(ws))).not.toContain(apiKey);

        clock += 1;
        const newer = await store.save({
          workspaceId: ws,
          provider: 'openai',
          baseUrl: 'https://proxy.example/v1',
          apiKey: 'sk-newer-key-123456',
          label: 'Proxy',
          createdBy: 'u1',
        });
        expect(await store.resolve(ws, 'openai')).toEqual({
          apiKey: 'sk-newer-key-123456',
          baseUrl: 'https://proxy.example/v1',
        });
        expect(await store.resolveById(ws, saved.id)).toEqual({
          apiKey,
          baseUrl: 'https://api.openai.com/v1',
        });
        expect(await store.resolve(ws, 'anthropic')).toBeNull();
        expect(await store.resolve('other', 'openai')).toBeNull();
        expect(await store.resolveById('other', saved.id)).toBeNull();
        expect((await store.list(ws)).find((k) => k.id === newer.id)?.lastUsedAt).toBe(clock);
        // Uses within a minute are coalesced into one audit event per key.
        await store.resolve(ws, 'openai');
        const used = await audit.query({ workspaceId: ws, kind: 'key.used' });
        expect(used.map((e) => e.target).sort()).toEqual([newer.id, saved.id].sort());
        expect(used[0]).toMatchObject({ actorId: 'runner' });

        expect(await store.remove('other', saved.id)).toBe(false);
        expect(await store.remove(ws, saved.id)).toBe(true);
        expect((await store.list(ws)).map((k) => k.id)).toEqual([newer.id]);
      });

      it('refuses to decrypt a row moved to another workspace or pointed at another base URL', async () => {
        const store = createProviderKeyStore(sql, { masterKeys: ring, now });
        const [ws, other] = [await workspace(), await workspace()];
        const saved = await store.save({
          workspaceId: ws,
          provider: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          apiKey,
          createdBy: 'u',
        });
        await sql.query(`update provider_keys set base_url = 'https://evil.example/v1' where id = $1`, [
          saved.id,
        ]);
        await expect(store.resolveById(ws, saved.id)).rejects.toThrow();
        await sql.query(
          `update provider_keys set base_url = 'https://api.openai.com/v1', workspace_id = $2 where id = $1`,
          [saved.id, other],
        );
        await expect(store.resolveById(other, saved.id)).rejects.toThrow();
        await sql.query('delete from provider_keys where id = $1', [saved.id]);
      });

      it('rotates to a new master key, after which the old key is no longer needed', async () => {
        const ws = await workspace();
        const store = createProviderKeyStore(sql, { masterKeys: ring, now });
        const saved = await store.save({
          workspaceId: ws,
          provider: 'anthropic',
          baseUrl: 'https://api.anthropic.com/v1',
          apiKey,
          createdBy: 'u',
        });
        const next = addMasterKey(ring, 2);
        const rotated = createProviderKeyStore(sql, { masterKeys: next, now });
        expect((await rotated.rotate(next.currentId)).rewrapped).toBeGreaterThanOrEqual(1);
        expect((await rotated.rotate(next.currentId)).rewrapped).toBe(0);
        const onlyNew: MasterKeyring = {
          currentId: next.currentId,
          keys: new Map([[next.currentId, next.keys.get(next.currentId)!]]),
        };
        expect(
          await createProviderKeyStore(sql, { masterKeys: onlyNew, now }).resolveById(ws, saved.id),
        ).toEqual({
          apiKey,
          baseUrl: 'https://api.anthropic.com/v1',
        });
        await expect(store.resolveById(ws, saved.id)).rejects.toThrow(/unknown_master_key/);
        await expect(rotated.rotate('missing')).rejects.toThrow(/unknown_master_key/);
      });

      it('rejects bad keys and base URLs before storing anything', async () => {
        const store = createProviderKeyStore(sql, { masterKeys: ring, now });
        const ws = await workspace();
        const base = { workspaceId: ws, provider: 'openai', createdBy: 'u' };
        await expect(
          store.save({ ...base, baseUrl: 'https://a.example', apiKey: 'short' }),
        ).rejects.toThrow();
        await expect(store.save({ ...base, baseUrl: 'file:///etc/passwd', apiKey })).rejects.toThrow();
        await expect(store.save({ ...base, baseUrl: 'https://u:p@a.example', apiKey })).rejects.toThrow();
        expect(await store.list(ws)).toEqual([]);
      });

      it('keeps several weighted keys of a provider and lists them for the runner without decrypting', async () => {
        const store = createProviderKeyStore(sql, { masterKeys: ring, now });
        const ws = await workspace();
        const base = {
          workspaceId: ws,
          provider: 'openai',
          baseUrl: 'https://api.openai.com/v1',
          createdBy: 'u',
        };
        const first = await store.save({ ...base, apiKey: 'sk-first-0000000001' });
        const second = await store.save({ ...base, apiKey: 'sk-second-000000002', weight: 3 });
        await store.save({ ...base, provider: 'anthropic', apiKey: 'ak-other-000000003', weight: 7 });
        expect(first.weight).toBe(1);
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        expect((await store.choices(ws, 'openai')).sort(byId)).toEqual(
          [
            { id: first.id, weight: 1 },
            { id: second.id, weight: 3 },
          ].sort(byId),
        );
        expect((await store.list(ws)).map((k) => k.lastUsedAt)).toEqual([null, null, null]);
        await expect(store.save({ ...base, apiKey, weight: 0 })).rejects.toThrow(/weight/);
        expect(await store.setWeight(ws, first.id, 5)).toMatchObject({ id: first.id, weight: 5 });
        expect(await store.setWeight(ws, 'missing', 5)).toBeNull();
        expect(await store.setWeight(await workspace(), first.id, 5)).toBeNull();
        await expect(store.setWeight(ws, first.id, 0)).rejects.toThrow(/weight/);
        await expect(store.save({ ...base, apiKey, weight: 101 })).rejects.toThrow(/weight/);
      });
    });
  });
}
