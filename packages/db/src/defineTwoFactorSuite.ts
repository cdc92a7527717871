import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMasterKey } from './masterKeyring';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';
import { createSessionsRepo } from './sessionsRepo';
import { createTwoFactorRepo } from './twoFactorRepo';
import { createUsersRepo } from './usersRepo';
import { createWorkspacesRepo } from './workspacesRepo';

/** TOTP secrets, replay guard, recovery codes, session MFA marks and the workspace requirement. */
export function defineTwoFactorSuite(name: string, open: () => Promise<Database>): void {
  describe(`two-factor repository: ${name}`, () => {
    let db: Database;
    let sql: Sql;
    const ring = addMasterKey(null, 1);
    const now = () => 5_000_000;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    async function account() {
      const id = `u-${randomBytes(4).toString('hex')}`;
      await createUsersRepo(sql, { now }).createAccount({
        id,
        name: id,
        email: `${id}@example.com`,
        passwordHash: 'scrypt$x',
      });
      return id;
    }

    it('stores the secret encrypted, enables it and guards steps against replay', async () => {
      const repo = createTwoFactorRepo(sql, { masterKeys: ring, now });
      const user = await account();
      expect(await repo.savePending(user, 'JBSWY3DPEHPK3PXPJBSWY3DP')).toBe(true);
      const [raw] = await sql.query<{ ciphertext: Uint8Array }>(
        'select ciphertext from user_two_factor where user_id = $1',
        [user],
      );
      expect(Buffer.from(raw?.ciphertext ?? []).toString('latin1')).not.toContain('JBSWY3DP');
      expect(await repo.get(user)).toEqual({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
        enabled: false,
        lastUsedStep: null,
      });
      expect(await repo.claimStep(user, 10)).toBe(false);
      expect(await repo.enable(user, 10, ['aaaa-bbbb', 'cccc-dddd'])).toBe(true);
      expect(await repo.isEnabled(user)).toBe(true);
      expect(await repo.savePending(user, 'OTHERSECRETOTHERSECRET')).toBe(false);
      expect(await repo.claimStep(user, 10)).toBe(false);
      expect(await repo.claimStep(user, 11)).toBe(true);
      expect(await repo.claimStep(user, 11)).toBe(false);
      expect((await repo.get(user))?.lastUsedStep).toBe(11);
    });

    it('rotates to a new master key, after which the old one is no longer needed', async () => {
      const repo = createTwoFactorRepo(sql, { masterKeys: ring, now });
      const user = await account();
      await repo.savePending(user, 'JBSWY3DPEHPK3PXP');
      const next = addMasterKey(ring, 2);
      const rotated = createTwoFactorRepo(sql, { masterKeys: next, now });
      expect((await rotated.rotate(next.currentId)).rewrapped).toBeGreaterThan(0);
      expect((await rotated.rotate(next.currentId)).rewrapped).toBe(0);
      const onlyNew = {
        currentId: next.currentId,
        keys: new Map([[next.currentId, next.keys.get(next.currentId) as Uint8Array]]),
      };
      expect((await createTwoFactorRepo(sql, { masterKeys: onlyNew, now }).get(user))?.secret).toBe(
        'JBSWY3DPEHPK3PXP',
      );
    });

    it('consumes each recovery code once, compared without case or dashes', async () => {
      const repo = createTwoFactorRepo(sql, { masterKeys: ring, now });
      const user = await account();
      await repo.savePending(user, 'JBSWY3DPEHPK3PXP');
      await repo.enable(user, 1, ['abcd-efgh', 'ijkl-mnop']);
      expect(await repo.remainingRecoveryCodes(user)).toBe(2);
      expect(await repo.useRecoveryCode(user, 'ABCD EFGH')).toBe(true);
      expect(await repo.useRecoveryCode(user, 'abcd-efgh')).toBe(false);
      expect(await repo.useRecoveryCode(user, 'zzzz-zzzz')).toBe(false);
      expect(await repo.remainingRecoveryCodes(user)).toBe(1);
      await repo.disable(user);
      expect(await repo.get(user)).toBeNull();
      expect(await repo.remainingRecoveryCodes(user)).toBe(0);
    });

    it('a ciphertext moved to another account does not decrypt', async () => {
      const repo = createTwoFactorRepo(sql, { masterKeys: ring, now });
      const [a, b] = [await account(), await account()];
      await repo.savePending(a, 'JBSWY3DPEHPK3PXP');
      await repo.savePending(b, 'KRSXG5CTMVRXEZLU');
      await sql.query(
        `update user_two_factor set ciphertext = (select ciphertext from user_two_factor where user_id = $1),
           wrapped_data_key = (select wrapped_data_key from user_two_factor where user_id = $1)
         where user_id = $2`,
        [a, b],
      );
      await expect(repo.get(b)).rejects.toThrow();
    });

    it('marks sessions and records the workspace requirement', async () => {
      const repo = createTwoFactorRepo(sql, { masterKeys: ring, now });
      const sessions = createSessionsRepo(sql, { now });
      const user = await account();
      const plain = await sessions.create(user);
      const verified = await sessions.create(user, { mfa: true });
      expect(await sessions.active(plain.sessionId)).toEqual({ via: 'password', mfa: false });
      expect((await sessions.lookup(verified.token))?.mfa).toBe(true);
      await sessions.markMfa(plain.sessionId);
      expect(await sessions.active(plain.sessionId)).toEqual({ via: 'password', mfa: true });
      await sessions.clearMfaForUser(user);
      expect(await sessions.active(verified.sessionId)).toEqual({ via: 'password', mfa: false });

      const workspaceId = `w-${randomBytes(4).toString('hex')}`;
      await createWorkspacesRepo(sql, { now }).ensure({ id: workspaceId, name: 'W' });
      expect(await repo.workspaceRequires(workspaceId)).toBe(false);
      await repo.setWorkspaceRequirement(workspaceId, true);
      expect(await repo.workspaceRequires(workspaceId)).toBe(true);
      expect(await repo.workspaceRequires('missing')).toBe(false);
    });
  });
}
