import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the web app when its bundle is missing or older than its sources, so `npm start` just works. */
export async function ensureWebBuilt(webRoot: string, log: (line: string) => void): Promise<string> {
  const dist = join(webRoot, 'dist');
  const index = join(dist, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(webRoot, p)).filter(existsSync);
  const stale = !existsSync(index) || Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
  if (!stale) return dist;
  log('Building the web app (first start, or its sources changed)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(webRoot, '../../node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: webRoot,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`web build failed with exit code ${code}`)),
    );
    child.on('error', reject);
  });
  return dist;
}
