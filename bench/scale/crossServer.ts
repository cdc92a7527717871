// Cross-server propagation through Redis (ADR 0015) against same-server propagation, in the same run, and
// the ack latency it costs against a server without Redis. Three servers in this process on one Postgres:
// A and B share Redis, C has none. Per document: a writer and a reader on A, a reader on B; a writer on C.
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_REDIS_URL=redis://127.0.0.1:6379 \
//     npm run bench:scale
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import {
  addNode,
  initWorkflowDoc,
  readWorkflow,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type ServerHandle, startServer } from '@synapse/server';
import { createTestDatabase } from '@synapse/testkit';
import * as Y from 'yjs';

const DOCS = Number(process.env.BENCH_DOCS ?? 10);
const EDITS = Number(process.env.BENCH_EDITS ?? 50);
const INTERVAL_MS = 20;
const databaseUrl = process.env.BENCH_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL;
if (!databaseUrl || !redisUrl) throw new Error('BENCH_DATABASE_URL and BENCH_REDIS_URL are required');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function client(server: ServerHandle, name: string): Promise<HocuspocusProvider> {
  const token = async () =>
    ((await (await fetch(`${server.url}/api/sync-token`, { method: 'POST' })).json()) as { token: string })
      .token;
  const provider = new HocuspocusProvider({ url: server.syncUrl, name, document: new Y.Doc(), token });
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return provider;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Records when each `e<i>` label first arrives in the reader's document. */
function arrivals(provider: HocuspocusProvider, nodeId: () => string): Map<number, number> {
  const seen = new Map<number, number>();
  provider.document.on('update', () => {
    const label = readWorkflow(provider.document).nodes.find((n) => n.id === nodeId())?.data.label ?? '';
    const match = /^e(\d+)$/.exec(label);
    if (match && !seen.has(Number(match[1]))) seen.set(Number(match[1]), performance.now());
  });
  return seen;
}

/** Writes EDITS labels, one every INTERVAL_MS; returns when each was made and acknowledged. */
async function write(writer: HocuspocusProvider, nodeId: string) {
  const sent = new Map<number, number>();
  const acked: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const start = performance.now();
    sent.set(i, start);
    setNodeField(writer.document, nodeId, 'label', `e${i}`, USER_ORIGIN);
    await until(() => writer.unsyncedChanges === 0, 'ack');
    acked.push(performance.now() - start);
    await sleep(INTERVAL_MS);
  }
  return { sent, acked };
}

const db = await createTestDatabase(databaseUrl);
const dir = await mkdtemp(join(tmpdir(), 'synapse-bench-scale-'));
const base = {
  port: 0,
  host: '127.0.0.1',
  databaseUrl: db.url,
  dataDir: dir,
  secret: 'bench-scale-secret-0123456789abcdefghijkl',
  maxMessageBytes: 2 * 1024 * 1024,
  maxDocumentBytes: 16 * 1024 * 1024,
  logLevel: 'silent',
  pretty: false,
  devAuth: true,
};
const [a, b, c] = [
  await startServer({ ...base, redisUrl }),
  await startServer({ ...base, redisUrl }),
  await startServer(base),
];
const loadBefore = (await import('node:os')).loadavg()[0] ?? 0;

const sameServer: number[] = [];
const crossServer: number[] = [];
const ackRedis: number[] = [];
const ackPlain: number[] = [];
await Promise.all(
  Array.from({ length: DOCS }, async (_, d) => {
    const name = workflowDocName('default', `scale-${Date.now()}-${d}`);
    const writer = await client(a, name);
    initWorkflowDoc(writer.document, { name: `Scale ${d}` }, USER_ORIGIN);
    const nodeId = addNode(
      writer.document,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'start' } },
      USER_ORIGIN,
    );
    await until(() => writer.unsyncedChanges === 0, 'setup ack');
    const readerA = await client(a, name);
    const readerB = await client(b, name);
    const seenA = arrivals(readerA, () => nodeId);
    const seenB = arrivals(readerB, () => nodeId);
    const plainName = workflowDocName('default', `plain-${Date.now()}-${d}`);
    const plainWriter = await client(c, plainName);
    initWorkflowDoc(plainWriter.document, { name: `Plain ${d}` }, USER_ORIGIN);
    const plainNode = addNode(
      plainWriter.document,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'start' } },
      USER_ORIGIN,
    );
    await until(() => plainWriter.unsyncedChanges === 0, 'setup ack');

    const [redisRun, plainRun] = await Promise.all([write(writer, nodeId), write(plainWriter, plainNode)]);
    await until(() => seenA.size === EDITS && seenB.size === EDITS, 'every edit on both readers');
    for (const [i, at] of redisRun.sent) {
      sameServer.push((seenA.get(i) as number) - at);
      crossServer.push((seenB.get(i) as number) - at);
    }
    ackRedis.push(...redisRun.acked);
    ackPlain.push(...plainRun.acked);
    for (const p of [writer, readerA, readerB, plainWriter]) p.destroy();
  }),
);
const loadAfter = (await import('node:os')).loadavg()[0] ?? 0;

const row = (what: string, values: number[]) => ({
  what,
  n: values.length,
  p50: Number(percentile(values, 50).toFixed(2)),
  p99: Number(percentile(values, 99).toFixed(2)),
});
const rows = [
  row('propagation, reader on the writer’s server (ms)', sameServer),
  row('propagation, reader on the other server via Redis (ms)', crossServer),
  row('ack latency, server with Redis (ms)', ackRedis),
  row('ack latency, server without Redis (ms)', ackPlain),
];
console.table(rows);
console.log(
  `cross/same p50 ${(rows[1]!.p50 / rows[0]!.p50).toFixed(2)}×, p99 ${(rows[1]!.p99 / rows[0]!.p99).toFixed(2)}×; ` +
    `ack with/without Redis p50 ${(rows[2]!.p50 / rows[3]!.p50).toFixed(2)}×; load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
);
const out = join(import.meta.dirname, '..', 'results');
await mkdir(out, { recursive: true });
await writeFile(
  join(out, `scale-redis-${new Date().toISOString().slice(0, 16).replace(/:/g, '')}.json`),
  JSON.stringify({ docs: DOCS, edits: EDITS, intervalMs: INTERVAL_MS, rows, loadBefore, loadAfter }, null, 2),
);
for (const s of [a, b, c]) await s.stop();
await db.drop();
await rm(dir, { recursive: true, force: true });
process.exit(0);
