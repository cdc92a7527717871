// Scale bench (issue #12): every row side by side in one run, servers under test in child processes.
//   (1) idle connections on one server, grown 1k → 5k → 10k: server RSS per connection and connect time,
//       Synapse (authenticated, Postgres) vs plain in-memory @hocuspocus/server vs plain y-websocket;
//   (2) 1,000 active clients over 100 documents, one edit per client per second: propagation, Synapse vs
//       plain Hocuspocus;
//   (3) the same load on 2 Synapse servers sharing Redis and Postgres, clients split across them.
// Run: npm run bench:scale              (full size; BENCH_DATABASE_URL / BENCH_REDIS_URL, else TEST_*)
//      npm run bench:scale -- --idle=100,200 --clients=50 --docs=5 --seconds=5 --warmup=2   (smoke)
//      --only=idle,active,cross,redis picks parts (redis: crossServer.ts, sized by BENCH_DOCS/BENCH_EDITS);
//      --kinds=hocuspocus,ywebsocket,synapse picks the idle part's servers
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '@synapse/testkit';
import { renderTable } from '../sync/summarize';
import { type ActiveResult, activeLoad } from './active';
import { type IdleStep, idleConnections } from './idle';
import type { ServerKind } from './serverProcess';
import { spawnServer } from './spawnServer';

const { values: flags } = parseArgs({
  options: {
    idle: { type: 'string', default: '1000,5000,10000' },
    'idle-docs': { type: 'string', default: '1000' },
    clients: { type: 'string', default: '1000' },
    docs: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '25' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '50' },
    only: { type: 'string', default: 'idle,active,cross,redis' },
    kinds: { type: 'string', default: 'hocuspocus,ywebsocket,synapse' },
  },
});
const idleSteps = flags.idle.split(',').map(Number);
const only = new Set(flags.only.split(','));
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const activeOptions = {
  clients: Number(flags.clients),
  docs: Number(flags.docs),
  seconds: Number(flags.seconds),
  warmupSeconds: Number(flags.warmup),
  editEveryMs: 1000,
  concurrency: Number(flags.concurrency),
};
const LABELS: Record<ServerKind, string> = {
  synapse: 'Synapse (auth, durable Postgres log)',
  hocuspocus: 'plain @hocuspocus/server (in memory)',
  'hocuspocus-db': '@hocuspocus/server + extension-database',
  ywebsocket: 'plain y-websocket server (in memory)',
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const notes = {
  date: new Date().toISOString(),
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  flags,
  loadBefore: load(),
  loadAfter: '',
};
console.log(
  `scale bench: ${notes.cpus}, Node ${notes.node}, load ${notes.loadBefore}; flags ${JSON.stringify(flags)}`,
);

const env = { BENCH_DATABASE_URL: databaseUrl };
const idle: IdleStep[] = [];
if (only.has('idle')) {
  for (const kind of flags.kinds.split(',') as ServerKind[]) {
    const server = await spawnServer(kind, env);
    try {
      idle.push(
        ...(await idleConnections(server, idleSteps, Number(flags['idle-docs']), activeOptions.concurrency)),
      );
    } finally {
      await server.stop();
    }
    console.log(`  idle ${kind} done (load ${load()})`);
  }
  const base = (n: number) => idle.find((r) => r.kind === 'hocuspocus' && r.connections === n);
  console.log(
    `\n(1) idle connections over ${flags['idle-docs']} documents (server RSS after GC, in its own process)`,
  );
  console.log(
    renderTable(
      [
        'server',
        'conns',
        'RSS Δ',
        'RSS/conn',
        'heap/conn',
        '× Hocuspocus',
        'connect p50',
        'connect p99',
        'conn/s',
      ],
      idle.map((r) => [
        LABELS[r.kind],
        String(r.connections),
        `${(r.rssDelta / 2 ** 20).toFixed(1)} MB`,
        kb(r.bytesPerConnection),
        kb(r.heapBytesPerConnection),
        `${(r.bytesPerConnection / (base(r.connections)?.bytesPerConnection ?? Number.NaN)).toFixed(2)}×`,
        ms(r.connectMs.p50),
        ms(r.connectMs.p99),
        r.connectsPerSecond.toFixed(0),
      ]),
    ),
  );
}

const active: (ActiveResult & { label: string })[] = [];
async function runActive(label: string, kinds: { kind: ServerKind; env: Record<string, string> }[]) {
  const servers = [];
  for (const k of kinds) servers.push(await spawnServer(k.kind, k.env));
  try {
    active.push({ label, ...(await activeLoad(servers, activeOptions)) });
  } finally {
    for (const s of servers) await s.stop();
  }
  console.log(`  ${label} done (load ${load()})`);
}
if (only.has('active')) {
  await runActive('plain Hocuspocus, 1 server (in memory)', [{ kind: 'hocuspocus', env }]);
  await runActive('Synapse, 1 server (Postgres)', [{ kind: 'synapse', env }]);
}
if (only.has('cross')) {
  const shared = await createTestDatabase(databaseUrl);
  try {
    const sharedEnv = { BENCH_SHARED_DATABASE_URL: shared.url, BENCH_REDIS_URL: redisUrl };
    await runActive('Synapse, 2 servers + Redis (Postgres)', [
      { kind: 'synapse', env: sharedEnv },
      { kind: 'synapse', env: sharedEnv },
    ]);
  } finally {
    await shared.drop();
  }
}
if (active.length) {
  const o = activeOptions;
  console.log(
    `\n(2)/(3) ${o.clients} clients over ${o.docs} documents, one edit per client every ${o.editEveryMs} ms, ` +
      `${o.seconds} s measured after ${o.warmupSeconds} s warm-up`,
  );
  console.log(
    renderTable(
      [
        'setup',
        'prop p50',
        'prop p99',
        'same-server p99',
        'cross-server p50/p99',
        'max',
        'ack p50/p99',
        'edits/s',
        'deliveries/s',
        'missed',
        'bench loop p99',
      ],
      active.map((r) => [
        r.label,
        ms(r.propagationMs.p50),
        ms(r.propagationMs.p99),
        ms(r.sameServerMs.p99),
        r.crossServerMs.count ? `${ms(r.crossServerMs.p50)} / ${ms(r.crossServerMs.p99)}` : '–',
        ms(r.propagationMs.max),
        `${ms(r.ackMs.p50)} / ${ms(r.ackMs.p99)}`,
        r.editsPerSecond.toFixed(0),
        r.deliveriesPerSecond.toFixed(0),
        String(r.missedDeliveries),
        ms(r.clientLoopDelayMs.p99),
      ]),
    ),
  );
}

notes.loadAfter = load();
const targets: Record<string, string> = {};
for (const n of idleSteps) {
  const s = idle.find((r) => r.kind === 'synapse' && r.connections === n);
  const h = idle.find((r) => r.kind === 'hocuspocus' && r.connections === n);
  if (s && h)
    targets[`memory/conn ≤ 2× Hocuspocus @${n}`] =
      `${(s.bytesPerConnection / h.bytesPerConnection).toFixed(2)}×`;
}
const one = active.find((r) => r.label.startsWith('Synapse, 1'));
const plain = active.find((r) => r.label.startsWith('plain'));
if (one && plain)
  targets['propagation p99 ≤ 1.5× Hocuspocus'] =
    `${(one.propagationMs.p99 / plain.propagationMs.p99).toFixed(2)}×`;
console.log(`\ntargets: ${JSON.stringify(targets)}; load ${notes.loadBefore} → ${notes.loadAfter}`);

const out = join(import.meta.dirname, '..', 'results');
await mkdir(out, { recursive: true });
const file = join(out, `scale-${notes.date.slice(0, 16).replace(/:/g, '')}.json`);
await writeFile(file, `${JSON.stringify({ notes, idle, active, targets }, null, 2)}\n`);
console.log(`saved ${file}`);
if (only.has('redis')) {
  // crossServer.ts: same- vs cross-server propagation of one writer, and the ack cost of Redis (its own JSON).
  console.log('\ncross-server propagation and ack cost of Redis (bench/scale/crossServer.ts)');
  execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crossServer.ts')], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_REDIS_URL: redisUrl },
  });
}
process.exit(0);
