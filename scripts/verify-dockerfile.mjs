#!/usr/bin/env node
// Proves the Dockerfile's build steps without a Docker engine: its COPY, ENV, WORKDIR and RUN
// instructions are executed, in order, natively, against a clean checkout (`git archive HEAD`, the same
// files a build context of a fresh clone holds), then the image's ENTRYPOINT starts `server` on a free
// loopback port and /api/health must answer 200. Prints each step; exits non-zero on the first failure.
//
//   node scripts/verify-dockerfile.mjs [--keep]     (--keep leaves the temp directories for inspection)
//
// What it cannot prove: the base image itself (FROM is only checked for its Node major against this
// Node) and anything Docker-specific (layers, USER, EXPOSE). The instructions it does not know fail it.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const root = mkdtempSync(join(tmpdir(), 'synapse-dockerfile-'));
const context = join(root, 'context');
const image = join(root, 'image');
mkdirSync(context);
mkdirSync(image);

const log = (message) => process.stdout.write(`[verify-dockerfile] ${message}\n`);
let server = null;

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (!keep) rmSync(root, { recursive: true, force: true });
}

/** Dockerfile lines joined over `\` continuations, comments and blanks dropped. */
function instructions(text) {
  const out = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const match = /^\s*(\w+)\s+(.*)$/s.exec(current);
    if (!match) throw new Error(`cannot read Dockerfile line: ${current}`);
    out.push({ op: match[1].toUpperCase(), args: match[2].trim() });
    current = '';
  }
  return out;
}

/** ENV a=b c=d (the only ENV form the Dockerfile uses); values may be double-quoted. */
function parseEnv(args) {
  const env = {};
  for (const match of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) env[match[1]] = match[3] ?? match[2];
  return env;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function main() {
  log(`clean checkout of HEAD into ${context}`);
  const archive = execFileSync('git', ['-C', repo, 'archive', '--format=tar', 'HEAD'], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', context], { input: archive });

  const steps = instructions(readFileSync(join(context, 'Dockerfile'), 'utf8'));
  let workdir = image;
  const env = { ...process.env, CI: 'true' };
  let entrypoint = null;
  for (const { op, args } of steps) {
    switch (op) {
      case 'FROM': {
        const major = /node:(\d+)/.exec(args)?.[1];
        const ours = process.versions.node.split('.')[0];
        if (major && major !== ours) throw new Error(`FROM ${args}: image Node ${major}, this Node ${ours}`);
        log(`FROM ${args} (Node ${ours} here)`);
        break;
      }
      case 'WORKDIR':
        // The image's absolute WORKDIR maps onto the temp image root.
        workdir = join(image, args.replace(/^\/app\/?/, ''));
        mkdirSync(workdir, { recursive: true });
        break;
      case 'COPY': {
        const parts = args.split(/\s+/);
        const dest = parts.pop();
        for (const source of parts) {
          // `COPY a/b.json dir/` puts b.json into dir; `COPY . .` merges the context into the workdir.
          const target =
            source === '.' || !dest.endsWith('/')
              ? join(workdir, dest)
              : join(workdir, dest, source.split('/').pop());
          log(`COPY ${source} ${dest}`);
          mkdirSync(dirname(target), { recursive: true });
          cpSync(join(context, source), target, { recursive: true });
        }
        break;
      }
      case 'RUN':
        log(`RUN ${args}`);
        execFileSync('sh', ['-c', args], { cwd: workdir, env, stdio: 'inherit' });
        break;
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'ENTRYPOINT':
        entrypoint = JSON.parse(args);
        break;
      case 'CMD':
      case 'EXPOSE':
        break;
      default:
        throw new Error(`unsupported Dockerfile instruction ${op}`);
    }
  }
  if (!entrypoint) throw new Error('the Dockerfile has no exec-form ENTRYPOINT');

  const port = await freePort();
  const [command, ...rest] = entrypoint;
  const args = [...rest, 'server'];
  log(`start: ${command} ${args.join(' ')} on 127.0.0.1:${port}`);
  server = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: workdir,
    // Loopback only here (the image listens on 0.0.0.0 inside its network namespace).
    env: {
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(root, 'data'),
      SYNAPSE_SECRET: 'verify-dockerfile-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      const body = await response.text();
      if (response.ok) {
        log(`GET /api/health → ${response.status} ${body.slice(0, 200)}`);
        break;
      }
      throw new Error(`GET /api/health → ${response.status} ${body.slice(0, 200)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('GET /api/health')) throw error;
      if (Date.now() > deadline) throw new Error('server did not answer /api/health within 180 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  log('ok: the Dockerfile builds a clean checkout and the server it starts is healthy');
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`[verify-dockerfile] FAILED: ${error instanceof Error ? error.message : error}\n`);
    cleanup();
    process.exit(1);
  },
);
