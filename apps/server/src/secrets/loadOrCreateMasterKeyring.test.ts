import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateMasterKeyring, rotateMasterKeyringFile } from './loadOrCreateMasterKeyring';

describe('embedded master keyring', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('is generated once with mode 0600 and read back the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-keys-'));
    dirs.push(dir);
    const ring = await loadOrCreateMasterKeyring(dir);
    expect((await stat(join(dir, 'master.keys'))).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateMasterKeyring(dir);
    expect(again.currentId).toBe(ring.currentId);
    expect(Buffer.from(again.keys.get(ring.currentId)!)).toEqual(Buffer.from(ring.keys.get(ring.currentId)!));
  });

  it('rotation adds a new current key and keeps the old one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-keys-'));
    dirs.push(dir);
    const before = await loadOrCreateMasterKeyring(dir);
    await new Promise((r) => setTimeout(r, 5));
    const after = await rotateMasterKeyringFile(dir);
    expect(after.currentId).not.toBe(before.currentId);
    expect(after.keys.has(before.currentId)).toBe(true);
    expect((await loadOrCreateMasterKeyring(dir)).currentId).toBe(after.currentId);
    expect((await stat(join(dir, 'master.keys'))).mode & 0o777).toBe(0o600);
  });
});
