import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/synapse.mjs', import.meta.url));

// Records every module the process loads and writes the list when it exits.
const TRACER = `import module from 'node:module';
import { writeFileSync } from 'node:fs';
const seen = [];
module.registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.TRACE_FILE, seen.join('\\n')));
`;

/** Packages `synapse server` must not load before something uses them (issue #18, ADR 0021, ADR 0027). */
const LAZY = [
  '/node_modules/tsx/',
  '/node_modules/@modelcontextprotocol/',
  '/node_modules/ioredis/',
  '/node_modules/@hocuspocus/extension-redis/',
  '/node_modules/qrcode/',
  '/node_modules/openai/',
  '/node_modules/@anthropic-ai/',
  '/apps/runner/',
  '/packages/export/',
];

describe('synapse server start path', () => {
  let dir: string;
  let modules: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-start-path-'));
    await mkdir(join(dir, 'web'));
    await writeFile(join(dir, 'web/index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'tracer.mjs'), TRACER);
    const child = spawn(process.execPath, ['--import', join(dir, 'tracer.mjs'), BIN, 'server'], {
      env: {
        // Embedded PGlite, no Redis: whatever the machine's environment names.
        ...Object.fromEntries(
          Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'REDIS_URL'].includes(name)),
        ),
        TRACE_FILE: join(dir, 'modules.txt'),
        DATA_DIR: join(dir, 'data'),
        WEB_DIST: join(dir, 'web'),
        PORT: '0',
        HOST: '127.0.0.1',
        SYNAPSE_SECRET: 'start-path-secret-0123456789-abcdefghijkl',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        SYNAPSE_FROM_SOURCE: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (line.includes('listening at')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`synapse server exited with ${code}`)));
    });
    child.kill('SIGTERM');
    await exited;
    modules = (await readFile(join(dir, 'modules.txt'), 'utf8')).split('\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs from the bundle, not through tsx', () => {
    expect(modules.some((url) => url.includes('/node_modules/.cache/synapse-cli/'))).toBe(true);
    expect(modules.filter((url) => url.endsWith('.ts'))).toEqual([]);
  });

  it('loads none of the packages only other commands or first use need', () => {
    expect(modules.filter((url) => LAZY.some((part) => url.includes(part)))).toEqual([]);
  });
});
