import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './dataDirLock';

// Above Linux's pid_max (at most 2^22), so no process can have it.
const DEAD_PID = 2 ** 30;

describe('acquireDataDirLock', () => {
  let dir: string;
  let lockPath: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-lock-'));
    lockPath = join(dir, 'synapse.lock');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await once(child, 'exit');
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  /** A separate node process that takes the lock file itself and keeps running. */
  async function startHolder(): Promise<ChildProcess> {
    const script = `require('node:fs').writeFileSync(${JSON.stringify(lockPath)}, String(process.pid), { flag: 'wx' });
      console.log('locked'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const [data] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(data.toString()).toContain('locked');
    return child;
  }

  it('writes our pid with O_EXCL and removes the file on release', async () => {
    const lock = await acquireDataDirLock(dir);
    expect(await readFile(lockPath, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
    await lock.release();
  });

  it('creates a missing data directory', async () => {
    const nested = join(dir, 'a', 'b');
    const lock = await acquireDataDirLock(nested);
    expect((await stat(join(nested, 'synapse.lock'))).isFile()).toBe(true);
    await lock.release();
  });

  it('refuses a second lock in the same process until the first is released', async () => {
    const lock = await acquireDataDirLock(dir);
    const error = await acquireDataDirLock(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ pid: process.pid, dataDir: dir, code: 'synapse.db.data_dir_locked' });
    await lock.release();
    await (await acquireDataDirLock(dir)).release();
  });

  it('refuses a lock held by another live process, naming it', async () => {
    const holder = await startHolder();
    const error = await acquireDataDirLock(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).pid).toBe(holder.pid);
    expect((error as Error).message).toBe(
      `data directory ${dir} is in use by process ${holder.pid}; stop it or choose another --data-dir`,
    );
    // The holder's lock is left alone.
    expect(await readFile(lockPath, 'utf8')).toBe(String(holder.pid));
  });

  it('takes over the lock once its holder has died', async () => {
    const holder = await startHolder();
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const lock = await acquireDataDirLock(dir);
    expect(await readFile(lockPath, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('takes over a lock naming a pid no process has', async () => {
    await writeFile(lockPath, `${DEAD_PID}\n`);
    const lock = await acquireDataDirLock(dir);
    expect(await readFile(lockPath, 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('takes over an empty or garbled lock file', async () => {
    for (const content of ['', 'not a pid', '-1']) {
      await writeFile(lockPath, content);
      await (await acquireDataDirLock(dir)).release();
    }
  });

  it('takes over a lock with our pid that this process does not hold (restarted container, pid 1 again)', async () => {
    await writeFile(lockPath, `${process.pid}\n`);
    const lock = await acquireDataDirLock(dir);
    await expect(acquireDataDirLock(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
  });

  it('does not delete a lock that another process took over after ours was removed', async () => {
    const lock = await acquireDataDirLock(dir);
    await writeFile(lockPath, `${DEAD_PID}\n`);
    await lock.release();
    expect(await readFile(lockPath, 'utf8')).toBe(`${DEAD_PID}\n`);
  });
});
