import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addMasterKey, formatMasterKeyring, type MasterKeyring, parseMasterKeyring } from '@synapse/db';

const FILE = 'master.keys';

/**
 * The master keyring for the embedded install: generated once into the data directory with mode 0600, like
 * the token secret. Servers that share a database set SYNAPSE_MASTER_KEY instead (every server and runner
 * needs the same ring). Losing this file makes stored provider keys unreadable: back it up with the data.
 */
export async function loadOrCreateMasterKeyring(dataDir: string): Promise<MasterKeyring> {
  const file = join(dataDir, FILE);
  try {
    return parseMasterKeyring(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, formatMasterKeyring(addMasterKey(null)), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await chmod(file, 0o600);
  return parseMasterKeyring(await readFile(file, 'utf8'));
}

/**
 * Adds a fresh current key to the data directory's ring (old keys stay, so rows not yet rewrapped still
 * open) and returns the new ring. Written to a temporary file and renamed, so a crash never leaves a
 * half-written ring.
 */
export async function rotateMasterKeyringFile(dataDir: string): Promise<MasterKeyring> {
  const ring = addMasterKey(await loadOrCreateMasterKeyring(dataDir));
  const file = join(dataDir, FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, formatMasterKeyring(ring), { mode: 0o600 });
  await rename(temp, file);
  return ring;
}
