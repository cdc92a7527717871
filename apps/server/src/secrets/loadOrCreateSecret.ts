import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The token-signing secret for the embedded install: generated once into the data directory with mode
 * 0600, so a fresh clone needs no configuration. Servers that share a database set SYNAPSE_SECRET instead.
 */
export async function loadOrCreateSecret(dataDir: string): Promise<Uint8Array> {
  const file = join(dataDir, 'secret.key');
  try {
    return new Uint8Array(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    await writeFile(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process won the race to create it: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw error;
  }
  await chmod(file, 0o600);
  return new Uint8Array(secret);
}
