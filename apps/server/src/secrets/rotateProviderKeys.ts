import {
  createProviderKeyStore,
  createSecretsVault,
  createTwoFactorRepo,
  createWebhooksRepo,
  migrate,
} from '@synapse/db';
import { openConfiguredDatabase, type ServerConfig } from '../config';
import { rotateMasterKeyringFile } from './loadOrCreateMasterKeyring';

/**
 * `synapse keys rotate`. Embedded installs get a new master key in the data directory (the old one stays
 * in the ring); with SYNAPSE_MASTER_KEY, put the new key first in the variable and run this. Either way
 * every sealed value's data key (provider keys, TOTP secrets, vault and webhook secrets) is rewrapped with the current
 * master key, after which older master keys are no longer needed by any row.
 */
export async function rotateProviderKeys(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'masterKeys'>,
): Promise<{ keyId: string; rewrapped: number; generated: boolean }> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database.sql);
    const ring = config.masterKeys ?? (await rotateMasterKeyringFile(config.dataDir));
    const store = createProviderKeyStore(database.sql, { masterKeys: ring });
    const { rewrapped } = await store.rotate(ring.currentId);
    // TOTP secrets are wrapped by the same keyring.
    const totp = await createTwoFactorRepo(database.sql, { masterKeys: ring }).rotate(ring.currentId);
    // So are the workspace vault's secrets and webhook signing secrets (older plaintext ones sealed first).
    const vault = await createSecretsVault(database.sql, ring).rotate(ring.currentId);
    const webhooks = createWebhooksRepo(database.sql, { masterKeys: ring });
    await webhooks.sealPlaintextSecrets();
    const hooks = await webhooks.rotate(ring.currentId);
    return {
      keyId: ring.currentId,
      rewrapped: rewrapped + totp.rewrapped + vault.rewrapped + hooks.rewrapped,
      generated: !config.masterKeys,
    };
  } finally {
    await database.close();
  }
}
