#!/usr/bin/env node
// Proves deploy/Caddyfile natively (no Docker): `caddy validate` on the file itself, then the same file with
// only its addresses rewritten to loopback runs in front of two real `synapse server` processes on one
// Postgres. Checks: /api/health through the proxy, a WebSocket upgrade on /sync through the proxy, and
// that the proxy keeps answering after one server is SIGKILLed.
//
//   DATABASE_URL=postgres://… npx node scripts/verify-caddy.mjs     (needs `caddy` on PATH: apt-get install caddy)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const log = (message) => process.stdout.write(`[verify-caddy] ${message}\n`);
const children = [];
const root = mkdtempSync(join(tmpdir(), 'synapse-caddy-'));

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

function start(command, args, env, stderr = 'inherit') {
  const child = spawn(command, args, {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', stderr],
  });
  children.push(child);
  return child;
}

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const healthy = (url) => async () => (await fetch(`${url}/api/health`)).ok;

function upgrades(url) {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      socket.close();
      resolveOpen();
    });
    socket.addEventListener('error', () => reject(new Error(`WebSocket to ${url} failed`)));
  });
}

async function main() {
  if (!databaseUrl) throw new Error('set DATABASE_URL (or TEST_DATABASE_URL): two servers need one Postgres');
  const caddyfile = join(repo, 'deploy/Caddyfile');
  execFileSync('caddy', ['validate', '--config', caddyfile, '--adapter', 'caddyfile'], { stdio: 'ignore' });
  log('caddy validate deploy/Caddyfile: valid');

  const [p1, p2, lbPort] = [await freePort(), await freePort(), await freePort()];
  const text = readFileSync(caddyfile, 'utf8');
  if (!text.includes('server-1:4000 server-2:4000') || !text.includes(':80 {'))
    throw new Error('deploy/Caddyfile no longer has the addresses this script rewrites');
  const local = text
    .replace('server-1:4000 server-2:4000', `127.0.0.1:${p1} 127.0.0.1:${p2}`)
    .replace(':80 {', `:${lbPort} {`);
  writeFileSync(join(root, 'Caddyfile'), local);

  const common = {
    DATABASE_URL: databaseUrl,
    SYNAPSE_SECRET: 'verify-caddy-secret-0123456789abcdef0123',
    SYNAPSE_TRUST_PROXY: 'true',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    WEB_DIST: join(root, 'no-web'),
  };
  const cli = join(repo, 'apps/cli/bin/synapse.mjs');
  const server1 = start(process.execPath, [cli, 'server'], {
    ...common,
    PORT: String(p1),
    DATA_DIR: join(root, 's1'),
  });
  start(process.execPath, [cli, 'server'], { ...common, PORT: String(p2), DATA_DIR: join(root, 's2') });
  await until('server-1', healthy(`http://127.0.0.1:${p1}`));
  await until('server-2', healthy(`http://127.0.0.1:${p2}`));
  log(`two servers healthy on ${p1} and ${p2}`);

  start(
    'caddy',
    ['run', '--config', join(root, 'Caddyfile'), '--adapter', 'caddyfile'],
    { XDG_DATA_HOME: root, XDG_CONFIG_HOME: root },
    'ignore',
  );
  const lb = `http://127.0.0.1:${lbPort}`;
  await until('the load balancer', healthy(lb), 30_000);
  log(`GET ${lb}/api/health through Caddy: 200`);
  await upgrades(`ws://127.0.0.1:${lbPort}/sync`);
  log('WebSocket upgrade on /sync through Caddy: open');

  server1.kill('SIGKILL');
  for (let i = 0; i < 10; i++) {
    if (!(await fetch(`${lb}/api/health`)).ok)
      throw new Error('the load balancer failed a request after server-1 died');
    await upgrades(`ws://127.0.0.1:${lbPort}/sync`);
  }
  log('server-1 SIGKILLed: 10 health requests and 10 WebSocket upgrades through Caddy still succeed');
  log('ok');
}

function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`[verify-caddy] FAILED: ${error instanceof Error ? error.message : error}\n`);
    cleanup();
    process.exit(1);
  },
);
