import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSecretsVault,
  createWebhooksRepo,
  createWorkspacesRepo,
  type MasterKeyring,
  migrate,
} from '@synapse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../config';
import { loadOrCreateMasterKeyring } from './loadOrCreateMasterKeyring';
import { rotateProviderKeys } from './rotateProviderKeys';

// `synapse keys rotate` on an embedded install: every sealed value — here a vault secret, a webhook
// signing secret and one webhook still in plain text from before migration 0017 — opens with the new
// master key alone afterwards.
describe('rotateProviderKeys', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'synapse-rotate-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rewraps vault and webhook secrets (sealing plaintext ones) with the new master key', async () => {
    const before = await loadOrCreateMasterKeyring(dataDir);
    const hook = (id: string, secret: string) => ({
      id,
      tokenHash: `hash-${id}`,
      tokenHint: 'abcd',
      workspaceId: 'default',
      workflowId: 'wf',
      name: id,
      inputs: {},
      signature: 'github' as const,
      signatureHeader: null,
      secret,
      respond: 'at-once' as const,
      createdBy: 'ada',
      createdAt: 1,
    });
    let database = await openConfiguredDatabase({ dataDir });
    try {
      await migrate(database.sql);
      await createWorkspacesRepo(database.sql).ensure({ id: 'default', name: 'Default' });
      await createSecretsVault(database.sql, before).put({
        workspaceId: 'default',
        name: 'GITHUB_TOKEN',
        value: 'ghp_rotate_me',
        actorId: 'ada',
      });
      const webhooks = createWebhooksRepo(database.sql, { masterKeys: before });
      await webhooks.create(hook('sealed', 'sealed-secret'));
      await webhooks.create(hook('legacy', 'legacy-secret'));
      await database.sql.query(
        `update webhooks set secret = 'legacy-secret', secret_master_key_id = null,
           secret_wrapped_data_key = null, secret_ciphertext = null where id = 'legacy'`,
      );
    } finally {
      await database.close();
    }

    const result = await rotateProviderKeys({ dataDir, databaseUrl: undefined, masterKeys: undefined });
    expect(result.generated).toBe(true);
    expect(result.keyId).not.toBe(before.currentId);
    // The vault secret and both webhook secrets (the legacy one sealed first, then already current).
    expect(result.rewrapped).toBe(2);

    const after = await loadOrCreateMasterKeyring(dataDir);
    const onlyNew: MasterKeyring = {
      currentId: after.currentId,
      keys: new Map([[after.currentId, after.keys.get(after.currentId) as Uint8Array]]),
    };
    database = await openConfiguredDatabase({ dataDir });
    try {
      const vault = createSecretsVault(database.sql, onlyNew);
      expect((await vault.readSecrets('default', ['GITHUB_TOKEN'])).get('GITHUB_TOKEN')?.value).toBe(
        'ghp_rotate_me',
      );
      const webhooks = createWebhooksRepo(database.sql, { masterKeys: onlyNew });
      expect((await webhooks.get('sealed'))?.secret).toBe('sealed-secret');
      expect((await webhooks.get('legacy'))?.secret).toBe('legacy-secret');
      const [plain] = await database.sql.query<{ n: number }>(
        'select count(*)::int as n from webhooks where secret is not null',
      );
      expect(plain?.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
