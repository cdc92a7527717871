import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCliBundle } from '../bin/ensureCliBundle.mjs';

interface Entry {
  main(): string;
  lazy(): Promise<string>;
  here: string;
}

const roots: string[] = [];

/** A workspace of its own: an entry, a module it imports, a chunk it imports lazily. */
async function workspace(word: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'synapse-bundle-'));
  roots.push(root);
  const files: Record<string, string> = {
    'package-lock.json': '{}',
    'tsconfig.base.json': '{}',
    'apps/x/package.json': '{"type":"module"}',
    'apps/x/src/main.ts': [
      "import { word } from './word';",
      'export function main(): string { return word; }',
      "export async function lazy(): Promise<string> { return (await import('./later')).later; }",
      "export const here: string = new URL('./data.txt', import.meta.url).href;",
    ].join('\n'),
    'apps/x/src/word.ts': `export const word: string = '${word}';`,
    'apps/x/src/later.ts': "export const later: string = 'later';",
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function bundle(root: string, logs: string[]): Promise<{ path: string; entry: Entry }> {
  const path = await ensureCliBundle({ root, entry: 'apps/x/src/main.ts', log: (line) => logs.push(line) });
  return { path, entry: (await import(pathToFileURL(path).href)) as Entry };
}

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('ensureCliBundle', () => {
  it('builds once, reuses the bundle while its sources are unchanged, and rebuilds when one changes', async () => {
    const root = await workspace('one');
    const logs: string[] = [];
    const first = await bundle(root, logs);
    expect(first.entry.main()).toBe('one');
    expect(await first.entry.lazy()).toBe('later');
    // import.meta.url keeps naming the source file, so paths beside it still resolve.
    expect(first.entry.here).toBe(pathToFileURL(join(root, 'apps/x/src/data.txt')).href);
    expect(logs).toHaveLength(1);

    expect((await bundle(root, logs)).path).toBe(first.path);
    expect(logs).toHaveLength(1);

    await writeFile(join(root, 'apps/x/src/word.ts'), "export const word: string = 'two';");
    const second = await bundle(root, logs);
    expect(second.path).not.toBe(first.path);
    expect(second.entry.main()).toBe('two');
    expect(logs).toHaveLength(2);

    // Back to the first sources: the first bundle is still there and is used again.
    await writeFile(join(root, 'apps/x/src/word.ts'), "export const word: string = 'one';");
    expect((await bundle(root, logs)).path).toBe(first.path);
  });

  it('rebuilds when the lockfile changes, since externals may resolve differently', async () => {
    const root = await workspace('one');
    const logs: string[] = [];
    const first = await bundle(root, logs);
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect((await bundle(root, logs)).path).not.toBe(first.path);
    expect(logs).toHaveLength(2);
  });

  it('two processes starting at once both get a working bundle', async () => {
    const root = await workspace('both');
    const [a, b] = await Promise.all([bundle(root, []), bundle(root, [])]);
    expect(a.path).toBe(b.path);
    expect(a.entry.main()).toBe('both');
    expect(b.entry.main()).toBe('both');
  });
});
