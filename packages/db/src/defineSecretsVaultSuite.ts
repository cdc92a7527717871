import { describe, expect, it } from 'vitest';
import { addMasterKey, type MasterKeyring } from './masterKeyring';
import { unique } from './repoSuiteFixtures';
import type { Database } from './Sql';
import { createSecretsVault, MissingSecretsError, SecretHostsWidenedError } from './secretsVault';
import { useMigratedDatabase } from './useMigratedDatabase';
import { createUsersRepo } from './usersRepo';
import { createWorkspacesRepo } from './workspacesRepo';

const VALUE = 'ghp_live_0123456789abcdefWXYZ';

/** The workspace secrets vault ([triggers] issue 14, ADR 0019) against a driver. */
export function defineSecretsVaultSuite(name: string, open: () => Promise<Database>): void {
  describe(`secrets vault: ${name}`, () => {
    const db = useMigratedDatabase(open);
    const ring = addMasterKey(null, 1);
    let clock = 1_000;
    const now = () => clock;

    async function workspace(): Promise<string> {
      const id = unique('ws');
      await createWorkspacesRepo(db()).ensure({ id, name: id });
      return id;
    }

    it('stores a value sealed, lists it without the value, and reads it back only through readSecrets', async () => {
      const ws = await workspace();
      await createUsersRepo(db(), { now }).ensure({ id: 'ada', name: 'Ada' });
      const vault = createSecretsVault(db(), ring, { now });
      clock = 2_000;
      const put = await vault.put({ workspaceId: ws, name: 'GITHUB_TOKEN', value: VALUE, actorId: 'ada' });
      expect(put).toEqual({
        created: true,
        previousAllowedHosts: null,
        secret: {
          name: 'GITHUB_TOKEN',
          hint: '…WXYZ',
          createdBy: 'ada',
          createdByName: 'Ada',
          createdAt: 2_000,
          updatedBy: 'ada',
          updatedAt: 2_000,
          lastUsedAt: null,
          allowedHosts: [],
        },
      });
      const listed = await vault.list(ws);
      expect(listed.map((s) => s.name)).toEqual(['GITHUB_TOKEN']);
      expect(JSON.stringify(listed)).not.toContain(VALUE.slice(0, 12));
      // Nothing in the row holds the plaintext.
      const [row] = await db().query<{ ciphertext: Uint8Array; wrapped: Uint8Array }>(
        `select ciphertext, wrapped_data_key as wrapped from workspace_secrets where workspace_id = $1`,
        [ws],
      );
      expect(Buffer.from(row!.ciphertext).includes(Buffer.from(VALUE))).toBe(false);
      expect(row!.wrapped.byteLength).toBe(12 + 32 + 16);

      clock = 3_000;
      const values = await vault.readSecrets(ws, ['GITHUB_TOKEN', 'GITHUB_TOKEN']);
      expect([...values]).toEqual([['GITHUB_TOKEN', { value: VALUE, allowedHosts: [] }]]);
      expect((await vault.list(ws))[0]?.lastUsedAt).toBe(3_000);
      expect(await vault.readSecrets(ws, [])).toEqual(new Map());
    });

    it('names every missing secret, reads nothing then, and keeps workspaces apart', async () => {
      const ws = await workspace();
      const other = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      await vault.put({ workspaceId: ws, name: 'A_TOKEN', value: 'value-a', actorId: 'ada' });
      await vault.put({ workspaceId: other, name: 'B_TOKEN', value: 'value-b', actorId: 'ada' });
      clock = 5_000;
      const failure = await vault.readSecrets(ws, ['A_TOKEN', 'B_TOKEN', 'NOPE']).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(MissingSecretsError);
      expect((failure as MissingSecretsError).names).toEqual(['B_TOKEN', 'NOPE']);
      expect((failure as Error).message).toMatch(/synapse\.secrets\.missing: .*B_TOKEN, NOPE/);
      expect((await vault.list(ws))[0]?.lastUsedAt).toBeNull();
      expect((await vault.readSecrets(other, ['B_TOKEN'])).get('B_TOKEN')?.value).toBe('value-b');
    });

    it('creates only new names, updates only existing ones, and upserts either', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      const base = { workspaceId: ws, name: 'HOOK_URL', actorId: 'ada' };
      expect(await vault.put({ ...base, value: 'first-value', mode: 'update' })).toBeNull();
      expect((await vault.put({ ...base, value: 'first-value', mode: 'create' }))?.created).toBe(true);
      expect(await vault.put({ ...base, value: 'second-value', mode: 'create' })).toBeNull();
      expect((await vault.readSecrets(ws, ['HOOK_URL'])).get('HOOK_URL')?.value).toBe('first-value');
      clock = 7_000;
      const updated = await vault.put({ ...base, value: 'a-much-longer-second-value', actorId: 'bob' });
      expect(updated?.created).toBe(false);
      expect(updated?.secret).toMatchObject({ createdBy: 'ada', updatedBy: 'bob', updatedAt: 7_000 });
      expect(updated?.secret.hint).toBe('…alue');
      expect((await vault.readSecrets(ws, ['HOOK_URL'])).get('HOOK_URL')?.value).toBe(
        'a-much-longer-second-value',
      );
      expect(await vault.remove(ws, 'HOOK_URL')).toBe(true);
      expect(await vault.remove(ws, 'HOOK_URL')).toBe(false);
      expect(await vault.list(ws)).toEqual([]);
    });

    it('refuses names that are not identifiers and empty or oversized values', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      for (const bad of ['', '1TOKEN', 'MY-TOKEN', 'a.b', 'x'.repeat(65), 'TOKEN ']) {
        await expect(vault.put({ workspaceId: ws, name: bad, value: 'v', actorId: 'a' })).rejects.toThrow(
          /invalid secret name/,
        );
      }
      await expect(vault.put({ workspaceId: ws, name: 'OK', value: '', actorId: 'a' })).rejects.toThrow(
        /empty/,
      );
      await expect(
        vault.put({ workspaceId: ws, name: 'OK', value: 'x'.repeat(16 * 1024 + 1), actorId: 'a' }),
      ).rejects.toThrow(/at most/);
      expect(await vault.list(ws)).toEqual([]);
      // A short value gives no characters away in its hint.
      expect(
        (await vault.put({ workspaceId: ws, name: '_short', value: 'abc', actorId: 'a' }))?.secret.hint,
      ).toBe('…');
    });

    it('does not open a ciphertext moved to another name or workspace', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      await vault.put({ workspaceId: ws, name: 'MOVED', value: VALUE, actorId: 'a' });
      await db().query(`update workspace_secrets set name = 'STOLEN' where workspace_id = $1`, [ws]);
      await expect(vault.readSecrets(ws, ['STOLEN'])).rejects.toThrow();
      await vault.remove(ws, 'STOLEN');
    });

    it('stores a host list normalised, keeps or replaces it on update, and reads it with the value', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      const base = { workspaceId: ws, name: 'GH', actorId: 'ada' };
      const created = await vault.put({
        ...base,
        value: VALUE,
        mode: 'create',
        allowedHosts: ['API.github.com.', '*.githubusercontent.com', 'api.github.com'],
      });
      expect(created?.secret.allowedHosts).toEqual(['api.github.com', '*.githubusercontent.com']);
      // A new value keeps the list; a list without a value keeps the value.
      await vault.put({ ...base, value: `${VALUE}2`, mode: 'update' });
      expect((await vault.readSecrets(ws, ['GH'])).get('GH')).toEqual({
        value: `${VALUE}2`,
        allowedHosts: ['api.github.com', '*.githubusercontent.com'],
      });
      const narrowed = await vault.put({ ...base, mode: 'update', allowedHosts: ['uploads.github.com'] });
      expect(narrowed?.secret).toMatchObject({ allowedHosts: ['uploads.github.com'], hint: '…XYZ2' });
      expect(narrowed?.previousAllowedHosts).toEqual(['api.github.com', '*.githubusercontent.com']);
      expect((await vault.readSecrets(ws, ['GH'])).get('GH')).toEqual({
        value: `${VALUE}2`,
        allowedHosts: ['uploads.github.com'],
      });
      await vault.put({ ...base, mode: 'update', allowedHosts: [] });
      expect((await vault.list(ws))[0]?.allowedHosts).toEqual([]);
      expect((await vault.readSecrets(ws, ['GH'])).get('GH')?.value).toBe(`${VALUE}2`);
      // Without a value only an update is possible, and only of an existing name.
      await expect(vault.put({ ...base, name: 'NEW', allowedHosts: [] })).rejects.toThrow(/needs a value/);
      expect(await vault.put({ ...base, name: 'NEW', mode: 'update', allowedHosts: [] })).toBeNull();
    });

    it('with onlyNarrowHosts, refuses a list that reaches a new host and keeps the stored one', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      const base = { workspaceId: ws, name: 'NARROW', actorId: 'ed', onlyNarrowHosts: true };
      // A new secret's list is its creator's to choose.
      await vault.put({ ...base, value: VALUE, mode: 'create', allowedHosts: ['*.example.com'] });
      for (const wider of [['*.example.com', 'evil.net'], ['*.com.example'], []])
        await expect(vault.put({ ...base, mode: 'update', allowedHosts: wider })).rejects.toBeInstanceOf(
          SecretHostsWidenedError,
        );
      expect((await vault.list(ws))[0]?.allowedHosts).toEqual(['*.example.com']);
      const narrowed = await vault.put({ ...base, mode: 'update', allowedHosts: ['api.example.com'] });
      expect(narrowed?.secret.allowedHosts).toEqual(['api.example.com']);
      // A new value alone leaves the list as it is, so it is no widening.
      expect((await vault.put({ ...base, mode: 'update', value: `${VALUE}3` }))?.secret.allowedHosts).toEqual(
        ['api.example.com'],
      );
    });

    it('refuses host entries that are not hosts, and more than 20', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      const base = { workspaceId: ws, name: 'H', value: VALUE, actorId: 'a' };
      await expect(vault.put({ ...base, allowedHosts: ['example.com:443'] })).rejects.toThrow(/not a host/);
      await expect(vault.put({ ...base, allowedHosts: ['*.com'] })).rejects.toThrow(/not a host/);
      const many = Array.from({ length: 21 }, (_, i) => `h${i}.example.com`);
      await expect(vault.put({ ...base, allowedHosts: many })).rejects.toThrow(/at most 20/);
      expect(await vault.list(ws)).toEqual([]);
    });

    it('does not open a value whose host list was changed in the database', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      await vault.put({
        workspaceId: ws,
        name: 'BOUND',
        value: VALUE,
        actorId: 'a',
        allowedHosts: ['a.example'],
      });
      await db().query(
        `update workspace_secrets set allowed_hosts = '["a.example","evil.example"]'::jsonb where workspace_id = $1`,
        [ws],
      );
      await expect(vault.readSecrets(ws, ['BOUND'])).rejects.toThrow();
      // Emptied (any host) does not open either.
      await db().query(`update workspace_secrets set allowed_hosts = '[]'::jsonb where workspace_id = $1`, [
        ws,
      ]);
      await expect(vault.readSecrets(ws, ['BOUND'])).rejects.toThrow();
    });

    it('rotates to a new master key, after which the old key is no longer needed', async () => {
      const ws = await workspace();
      const vault = createSecretsVault(db(), ring, { now });
      await vault.put({ workspaceId: ws, name: 'ROTATED', value: VALUE, actorId: 'a' });
      const next = addMasterKey(ring, 2);
      const rotated = createSecretsVault(db(), next, { now });
      expect((await rotated.rotate(next.currentId)).rewrapped).toBeGreaterThanOrEqual(1);
      expect((await rotated.rotate(next.currentId)).rewrapped).toBe(0);
      const onlyNew: MasterKeyring = {
        currentId: next.currentId,
        keys: new Map([[next.currentId, next.keys.get(next.currentId) as Uint8Array]]),
      };
      expect(
        (await createSecretsVault(db(), onlyNew).readSecrets(ws, ['ROTATED'])).get('ROTATED')?.value,
      ).toBe(VALUE);
      await expect(vault.readSecrets(ws, ['ROTATED'])).rejects.toThrow(/unknown_master_key/);
      await expect(rotated.rotate('missing')).rejects.toThrow(/unknown_master_key/);
    });
  });
}
