// Startup bench (issue #18): the real `synapse server` (apps/cli/bin/synapse.mjs, as deployed: from its
// bundle, ADR 0027) on Postgres against plain in-memory @hocuspocus/server, and the same command run from
// source through tsx (SYNAPSE_FROM_SOURCE=1, what it did before the bundle), each in its own process, side
// by side in one run:
//   idle RSS   — no connection at all, a few seconds after it listens;
//   restart    — SIGKILL → the new process's first successful sync of a document whose log holds
//                BENCH_LOG_ROWS (10,000) updates (the baseline syncs an empty in-memory document).
// Run: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:startup
// BENCH_COMPARE_CLI=<another checkout>/apps/cli/bin/synapse.mjs adds that checkout's `synapse server` as a
// side (e.g. the commit before a change, with its own node_modules), same database server, same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { createDocumentStore, openDatabase } from '@synapse/db';
import { addNode, initWorkflowDoc, setNodeField, signSyncToken, USER_ORIGIN } from '@synapse/schema';
import { createTestDatabase } from '@synapse/testkit';
import * as Y from 'yjs';
import { distribution } from '../sync/summarize';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 10_000);
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 5);
const IDLE_SECONDS = 5;
const SECRET = 'bench-startup-secret-0123456789-abcdefghij';
const DOC = 'ws/default/workflow/restart-bench';
const CLI = fileURLToPath(new URL('../../apps/cli/bin/synapse.mjs', import.meta.url));
const COMPARE_CLI = process.env.BENCH_COMPARE_CLI;
const PLAIN = fileURLToPath(new URL('./plainHocuspocus.mjs', import.meta.url));

type Kind = 'synapse' | 'synapse-source' | 'compare' | 'hocuspocus';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process has used (user + system, all threads): the start cost, whatever the load. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ = 100).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

interface Running {
  child: ChildProcess;
  startedAt: number;
  listeningAt: number;
}

async function start(kind: Kind, port: number, env: Record<string, string>): Promise<Running> {
  const startedAt = performance.now();
  const child =
    kind !== 'hocuspocus'
      ? spawn(process.execPath, [kind === 'compare' ? (COMPARE_CLI as string) : CLI, 'server'], {
          env: { ...process.env, ...env, SYNAPSE_FROM_SOURCE: kind === 'synapse-source' ? '1' : '' },
          stdio: 'inherit',
        })
      : spawn(process.execPath, [PLAIN], { env: { ...process.env, PORT: String(port) }, stdio: 'inherit' });
  const probe = `http://127.0.0.1:${port}${kind !== 'hocuspocus' ? '/api/health' : '/'}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}`);
    try {
      const response = await fetch(probe);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
  return { child, startedAt, listeningAt: performance.now() };
}

function kill(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGKILL');
  });
}

async function syncOnce(port: number, kind: Kind, token: string): Promise<void> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: `ws://127.0.0.1:${port}${kind !== 'hocuspocus' ? '/sync' : ''}`,
    name: DOC,
    document: doc,
    token,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no sync within 30 s')), 30_000);
      provider.on('synced', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/** A workflow of 10 nodes, then label edits until the log has `rows` updates, each its own row. */
async function seedLog(url: string, rows: number): Promise<number> {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  initWorkflowDoc(doc, { name: 'Restart bench' }, USER_ORIGIN);
  for (let i = 0; i < 10; i++)
    addNode(
      doc,
      { id: `n${i}`, type: 'agent', position: { x: i, y: 0 }, data: { label: `n${i}` } },
      USER_ORIGIN,
    );
  for (let i = 0; updates.length < rows; i++)
    setNodeField(doc, `n${i % 10}`, 'label', `edit ${i}`, USER_ORIGIN);
  const database = await openDatabase({ url });
  try {
    const store = createDocumentStore(database.sql);
    for (let i = 0; i < updates.length; i += 1000)
      await store.appendUpdates(updates.slice(i, i + 1000).map((update) => ({ docName: DOC, update })));
  } finally {
    await database.close();
  }
  return Y.encodeStateAsUpdate(doc).byteLength;
}

async function measure(kind: Kind, url: string | undefined) {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'synapse-startup-'));
  const webDist = join(dir, 'web');
  await mkdir(webDist);
  await writeFile(join(webDist, 'index.html'), '<!doctype html><title>bench</title>');
  const env = {
    DATABASE_URL: url ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    WEB_DIST: webDist,
    SYNAPSE_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  const token =
    kind !== 'hocuspocus'
      ? await signSyncToken(
          { sub: 'runner', kind: 'service', name: 'bench', exp: Date.now() + 3_600_000 },
          new TextEncoder().encode(SECRET),
        )
      : 'bench';
  // First start migrates a fresh database; the log is seeded after it.
  let running = await start(kind, port, env);
  const firstStartMs = running.listeningAt - running.startedAt;
  await sleep(IDLE_SECONDS * 1000);
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) {
    idle.push(await rssMb(running.child.pid as number));
    await sleep(200);
  }
  let encodedBytes = 0;
  if (kind !== 'hocuspocus' && url) encodedBytes = await seedLog(url, LOG_ROWS);
  await syncOnce(port, kind, token);
  const restarts: { listenMs: number; syncMs: number; totalMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    await kill(running);
    const killedAt = performance.now();
    running = await start(kind, port, env);
    await syncOnce(port, kind, token);
    const syncedAt = performance.now();
    const cpuMs = (await cpuSeconds(running.child.pid as number)) * 1000;
    restarts.push({
      cpuMs,
      listenMs: running.listeningAt - killedAt,
      syncMs: syncedAt - running.listeningAt,
      totalMs: syncedAt - killedAt,
    });
  }
  await kill(running);
  await rm(dir, { recursive: true, force: true });
  return { kind, firstStartMs, idleRssMb: Math.min(...idle), encodedBytes, restarts };
}

async function main(): Promise<void> {
  if (!DATABASE_URL) throw new Error('BENCH_DATABASE_URL (or TEST_DATABASE_URL) is required: Postgres');
  console.log(
    `startup bench: ${cpus().length} CPUs, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${LOG_ROWS} log rows, ${RESTARTS} restarts each`,
  );
  // One fresh database per Synapse side: each seeds its own 10,000-row log.
  const db = await createTestDatabase(DATABASE_URL);
  const sourceDb = await createTestDatabase(DATABASE_URL);
  try {
    const plain = await measure('hocuspocus', undefined);
    const synapse = await measure('synapse', db.url);
    const fromSource = await measure('synapse-source', sourceDb.url);
    const compareDb = COMPARE_CLI ? await createTestDatabase(DATABASE_URL) : null;
    const compare = compareDb ? await measure('compare', compareDb.url) : null;
    await compareDb?.drop();
    const row = (r: typeof plain) => {
      const total = distribution(Float64Array.from(r.restarts, (x) => x.totalMs));
      const listen = distribution(Float64Array.from(r.restarts, (x) => x.listenMs));
      const sync = distribution(Float64Array.from(r.restarts, (x) => x.syncMs));
      const cpu = distribution(Float64Array.from(r.restarts, (x) => x.cpuMs));
      return { total, listen, sync, cpu };
    };
    const p = row(plain);
    const s = row(synapse);
    const f = row(fromSource);
    console.log(
      '\nside        idle RSS   restart → synced p50 / max   of which: → listening p50, → synced p50   CPU to synced p50',
    );
    type Side = [string, typeof plain, ReturnType<typeof row>];
    const sides: Side[] = [
      ['hocuspocus', plain, p],
      ['synapse', synapse, s],
      ['from source', fromSource, f],
      ...(compare ? [['compare', compare, row(compare)] as Side] : []),
    ];
    for (const [name, r, d] of sides) {
      console.log(
        `${name.padEnd(11)} ${r.idleRssMb.toFixed(1).padStart(6)} MB  ${d.total.p50.toFixed(0).padStart(6)} / ${d.total.max
          .toFixed(0)
          .padStart(5)} ms          ${d.listen.p50.toFixed(0)} ms, ${d.sync.p50.toFixed(0)} ms` +
          `          ${d.cpu.p50.toFixed(0)} ms`,
      );
    }
    console.log(
      `\nratios: idle RSS ${(synapse.idleRssMb / plain.idleRssMb).toFixed(2)}× (target ≤ 1.5); restart p50 ` +
        `${s.total.p50.toFixed(0)} ms with ${LOG_ROWS} log rows (target ≤ 300 ms); document ${(
          synapse.encodedBytes / 1024
        ).toFixed(1)} KB encoded; synapse first start (migrations) ${synapse.firstStartMs.toFixed(0)} ms` +
        `\nbundle vs from source: CPU to synced ${(s.cpu.p50 / f.cpu.p50).toFixed(2)}×, idle RSS ` +
        `${(synapse.idleRssMb / fromSource.idleRssMb).toFixed(2)}×; CPU vs plain Hocuspocus ${(s.cpu.p50 / p.cpu.p50).toFixed(1)}×`,
    );
  } finally {
    await db.drop();
    await sourceDb.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
