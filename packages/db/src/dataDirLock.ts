import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ErrorCodes } from '@synapse/schema';

const LOCK_FILE = 'synapse.lock';

/** Another live process holds the data directory (PGlite has no lock of its own; two writers corrupt it). */
export class DataDirLockedError extends Error {
  readonly code = ErrorCodes.dbDataDirLocked;
  readonly pid: number;
  readonly dataDir: string;

  constructor(dataDir: string, pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid}; stop it or choose another --data-dir`);
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

// Directories this process holds. A lock file naming our own pid that is not in here was left by an
// earlier process that had the same pid (containers start the server as pid 1 every time): stale.
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Takes `<dataDir>/synapse.lock` (created with O_EXCL, holding our pid). A lock whose process is dead is
 * taken over; a live one throws DataDirLockedError.
 */
export async function acquireDataDirLock(dataDir: string): Promise<{ release(): Promise<void> }> {
  const dir = resolve(dataDir);
  const lockPath = join(dir, LOCK_FILE);
  await mkdir(dir, { recursive: true });

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
      heldByThisProcess.add(dir);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldByThisProcess.delete(dir);
          // Only remove the file if it is still ours.
          if ((await readPid(lockPath)) === process.pid) await rm(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = await readPid(lockPath);
    if (pid !== null) {
      const ours = pid === process.pid;
      if (ours ? heldByThisProcess.has(dir) : isAlive(pid)) throw new DataDirLockedError(dir, pid);
    }
    // Stale (dead pid, or an empty file from a crash mid-write): move it aside and retry the exclusive
    // create. If a racing process took it over between our read and the move, we moved its fresh lock:
    // put that back (link fails if yet another lock appeared) and the next round sees the live pid.
    const aside = `${lockPath}.stale-${process.pid}`;
    try {
      await rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if ((await readPid(aside)) !== pid) {
      await link(aside, lockPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    await rm(aside, { force: true });
  }
  throw new Error(`${ErrorCodes.dbDataDirLockContended}: could not take ${lockPath}`);
}
