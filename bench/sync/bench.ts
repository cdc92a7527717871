// Sync benchmark: one writer → 50 readers on one workflow document, Synapse's durable persistence (S)
// against Hocuspocus + extension-database (A) and Hocuspocus without persistence (B), in one run.
// Run: npm run bench:sync   (PGlite)   or   BENCH_DATABASE_URL=postgres://… npm run bench:sync
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LOG_ROW_OVERHEAD_BYTES } from '@synapse/db';
import { defaultCompactionPolicy } from '@synapse/server';
import { runScenario, type ScenarioResult } from './runScenario';
import { measureServerCpu } from './serverCpu';
import { type DatabaseKind, SIDE_LABELS, type SideHandle, type SideKey, startSide } from './startSide';
import {
  distribution,
  formatLatencyTable,
  formatWritesTable,
  type RowSummary,
  type SizeKey,
  summarize,
} from './summarize';

const READERS = 50;
const EDITS = positiveInt(process.env.BENCH_EDITS, 300);
const ROUNDS = positiveInt(process.env.BENCH_ROUNDS, 2);
const WARMUP_EDITS = 50;
const PACE_MS = 10;
const SIZES = [
  { size: 'small', nodes: 10 },
  { size: 'large', nodes: 2000 },
] as const;
const SIDES: SideKey[] = ['B', 'A', 'S'];
// `npm run bench:sync -- --cpu-only` runs the CPU column alone (profiling, quick before/after checks).
const CPU_ONLY = process.argv.includes('--cpu-only');
const CPU_EDITS = positiveInt(process.env.BENCH_CPU_EDITS, 1000);
const CPU_ROUNDS = positiveInt(process.env.BENCH_CPU_ROUNDS, 2);
// The rows of the log scale with the snapshot, one row per 32 snapshot bytes (createDurablePersistence's
// rowBudget), mirrored for the long-run projection only: keep in step with that file (ADR 0025).
const SNAPSHOT_BYTES_PER_ROW = 32;

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A full collection between phases, so one phase's garbage is not collected inside the next. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return () => gc?.();
}

function find(rows: RowSummary[], side: SideKey, size: SizeKey): RowSummary {
  const row = rows.find((r) => r.side === side && r.size === size);
  if (!row) throw new Error(`no result for ${side} ${size}`);
  return row;
}

/** Synapse's write cost per edit once compactions are included, from its policy and measured sizes. */
function projectSynapse(row: RowSummary, database: DatabaseKind) {
  const policy = defaultCompactionPolicy(database);
  const perEdit = row.bytesPerEdit ?? 0;
  const snapshot = row.docBytesV2;
  // Weighed against the snapshot's V2 size: as stored (TOAST-compressed) it is smaller, so compactions
  // can come sooner than projected here.
  const rowsUntilLogOutgrows = Math.ceil(
    Math.max(policy.minLogBytes, snapshot) / (perEdit + LOG_ROW_OVERHEAD_BYTES),
  );
  const rowBudget = Math.max(policy.maxLogRows, Math.ceil(snapshot / SNAPSHOT_BYTES_PER_ROW));
  const rowsPerCompaction = Math.min(rowsUntilLogOutgrows, rowBudget);
  return {
    size: row.size,
    logBytesPerEdit: perEdit,
    snapshotBytes: snapshot,
    rowsPerCompaction,
    bytesPerEdit: perEdit + snapshot / rowsPerCompaction,
  };
}

function formatCpuTable(cpu: Record<SideKey, { runs: number[]; median: number }>): string {
  const lines = [
    `server CPU seconds per 1,000 edits (small document, server in its own process, ${CPU_EDITS} edits × ${CPU_ROUNDS} rounds)`,
  ];
  for (const key of SIDES) {
    const { runs, median } = cpu[key];
    lines.push(
      `  ${key}  ${median.toFixed(3)}  (${runs.map((r) => r.toFixed(3)).join(', ')})  ` +
        `÷ B ${(median / cpu.B.median).toFixed(2)}×`,
    );
  }
  lines.push('  target: S ÷ B ≤ 1.5');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  const database: DatabaseKind = postgresUrl ? 'postgres' : 'pglite';
  const collectGarbage = garbageCollector();
  const started = performance.now();
  const loadBefore = loadavg();
  console.log(
    `sync bench: 1 writer → ${READERS} readers, ${ROUNDS} rounds × ${EDITS} edits every ${PACE_MS} ms ` +
      `(after ${WARMUP_EDITS} warm-up edits); database ${database}; ${cpus().length} CPUs; Node ${process.version}; ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  // All three servers stay up for the whole run, so every measurement sees the same background (S's
  // job queue, the other databases); rounds alternate the order so drift does not favour one side.
  // Server CPU per 1,000 edits, each server in its own process (the clients stay in this one).
  const cpuRuns = await measureServerCpu(
    SIDES,
    CPU_ROUNDS,
    postgresUrl ? { BENCH_DATABASE_URL: postgresUrl } : {},
    {
      readers: READERS,
      edits: CPU_EDITS,
      warmupEdits: WARMUP_EDITS * 4,
      paceMs: PACE_MS,
      nodes: 10,
    },
  );
  const cpu = Object.fromEntries(
    SIDES.map((key) => {
      const runs = cpuRuns.get(key) ?? [];
      return [key, { runs, median: [...runs].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)] ?? 0 }];
    }),
  ) as Record<SideKey, { runs: number[]; median: number }>;
  const cpuTable = formatCpuTable(cpu);
  if (CPU_ONLY) {
    console.log(`\n${cpuTable}`);
    return;
  }

  const sides = new Map<SideKey, SideHandle>();
  const rows: RowSummary[] = [];
  try {
    for (const key of SIDES) sides.set(key, await startSide(key, database, postgresUrl));
    for (const { size, nodes } of SIZES) {
      const results = new Map<SideKey, ScenarioResult[]>(SIDES.map((key) => [key, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 === 1 ? SIDES : [...SIDES].reverse();
        for (const key of order) {
          const result = await runScenario(sides.get(key)!, {
            docName: `ws/default/workflow/bench-${size}-${round}`,
            nodeCount: nodes,
            withPrompts: true,
            readers: READERS,
            warmupEdits: WARMUP_EDITS,
            edits: EDITS,
            paceMs: PACE_MS,
            collectGarbage,
          });
          results.get(key)!.push(result);
          collectGarbage();
          console.log(
            `  ${size} round ${round} ${key}: prop p99 ${distribution(result.propagation).p99.toFixed(2)} ms, ` +
              `event-loop delay max ${result.eventLoopDelayMs.max.toFixed(1)} ms ` +
              `(${(result.timingsMs.total / 1000).toFixed(1)} s)`,
          );
        }
      }
      for (const key of SIDES) rows.push(summarize(key, size, nodes, EDITS, results.get(key)!));
    }
  } finally {
    for (const side of sides.values()) await side.stop();
  }

  const ratio = (a: number, b: number) => a / b;
  const ratios = {
    syncP99OverPlainP99: {
      small: ratio(find(rows, 'S', 'small').propagationMs.p99, find(rows, 'B', 'small').propagationMs.p99),
      large: ratio(find(rows, 'S', 'large').propagationMs.p99, find(rows, 'B', 'large').propagationMs.p99),
      target: '≤ 1.5',
    },
    syncP50OverPlainP50: {
      small: ratio(find(rows, 'S', 'small').propagationMs.p50, find(rows, 'B', 'small').propagationMs.p50),
      large: ratio(find(rows, 'S', 'large').propagationMs.p50, find(rows, 'B', 'large').propagationMs.p50),
    },
    syncBytesPerEditLargeOverSmall: {
      value: ratio(find(rows, 'S', 'large').bytesPerEdit ?? 0, find(rows, 'S', 'small').bytesPerEdit ?? 0),
      target: '≈ 1',
    },
    fullStateBytesPerEditLargeOverSmall: {
      value: ratio(find(rows, 'A', 'large').bytesPerEdit ?? 0, find(rows, 'A', 'small').bytesPerEdit ?? 0),
      docSizeRatio: ratio(find(rows, 'A', 'large').docBytes, find(rows, 'A', 'small').docBytes),
    },
    fullStateOverSyncBytesPerEdit: {
      small: ratio(find(rows, 'A', 'small').bytesPerEdit ?? 0, find(rows, 'S', 'small').bytesPerEdit ?? 0),
      large: ratio(find(rows, 'A', 'large').bytesPerEdit ?? 0, find(rows, 'S', 'large').bytesPerEdit ?? 0),
    },
  };
  const projection = SIZES.map(({ size }) => projectSynapse(find(rows, 'S', size), database));

  console.log('');
  for (const key of SIDES) console.log(`${key}: ${SIDE_LABELS[key]}`);
  console.log(
    '* = the ack only means "applied in server memory". S promises ack = committed; ' +
      '"acks before commit" below checks it.\n',
  );
  console.log(formatLatencyTable(rows));
  console.log(
    '\nprop = edit → a reader observed it (every reader × edit, pooled over rounds); fan-out = edit → the ' +
      "slowest reader;\nack = edit → the writer's unsyncedChanges back to 0; ack/edit = edit → its own " +
      'SyncStatus;\nloop stall = longest event-loop delay while edits were measured (one process hosts server and ' +
      'clients).\n',
  );
  console.log(formatWritesTable(rows));
  console.log(`\n${cpuTable}`);
  console.log(
    '\nDB B/edit = document bytes written from the first measured edit until the store debounce had ' +
      'flushed, ÷ edits;\nwrite = wall time of one log INSERT (S) or store upsert (A); full write stall = ' +
      'longest event-loop delay\nwhile a compaction (S) or a debounced store (A) ran, outside the measured ' +
      'edits.\nacks before commit = edits whose ack reached the writer before their log row committed. With ' +
      'PGlite the\ncommit runs synchronously on the thread that also delivers the ack to the in-process ' +
      'writer, which hides most.',
  );
  for (const row of rows.filter((r) => r.side === 'S' && r.acksBeforeCommit)) {
    console.log(
      `\nWARNING: S acknowledged ${row.acksBeforeCommit} of ${row.ackMs.count} ${row.size}-document edits ` +
        'before their log row was committed: those acks were not durable. A durable ack cannot come ' +
        `sooner than edit → commit (p50 ${row.commitAfterEditMs.p50.toFixed(2)} ms, ` +
        `p99 ${row.commitAfterEditMs.p99.toFixed(2)} ms).`,
    );
  }
  const x = (v: number) => `${v.toFixed(2)}×`;
  console.log('\nratios');
  console.log(
    `  S p99 ÷ B p99                 small ${x(ratios.syncP99OverPlainP99.small)}, ` +
      `large ${x(ratios.syncP99OverPlainP99.large)}   (target ≤ 1.5)`,
  );
  console.log(
    `  S p50 ÷ B p50                 small ${x(ratios.syncP50OverPlainP50.small)}, ` +
      `large ${x(ratios.syncP50OverPlainP50.large)}`,
  );
  console.log(
    `  S B/edit large ÷ small        ${x(ratios.syncBytesPerEditLargeOverSmall.value)}   (target ≈ 1)`,
  );
  console.log(
    `  A B/edit large ÷ small        ${x(ratios.fullStateBytesPerEditLargeOverSmall.value)}   ` +
      `(document size ratio ${x(ratios.fullStateBytesPerEditLargeOverSmall.docSizeRatio)})`,
  );
  console.log(
    `  A B/edit ÷ S B/edit           small ${x(ratios.fullStateOverSyncBytesPerEdit.small)}, ` +
      `large ${x(ratios.fullStateOverSyncBytesPerEdit.large)}`,
  );
  console.log('\nS long-run write cost with compaction (projected from its policy and the measured sizes)');
  for (const p of projection) {
    console.log(
      `  ${p.size}: ${p.logBytesPerEdit.toFixed(1)} B log + ${p.snapshotBytes} B snapshot every ` +
        `${p.rowsPerCompaction} edits = ${p.bytesPerEdit.toFixed(1)} B/edit`,
    );
  }
  console.log(
    `  large ÷ small: ${x((projection[1]?.bytesPerEdit ?? 0) / (projection[0]?.bytesPerEdit ?? 1))}`,
  );

  const date = new Date().toISOString().slice(0, 10);
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  const file = `${dir}sync-${date}-${database}.json`;
  await mkdir(dir, { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify(
      {
        bench: 'sync',
        date: new Date().toISOString(),
        command: postgresUrl ? 'BENCH_DATABASE_URL=<url> npm run bench:sync' : 'npm run bench:sync',
        machine: {
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          node: process.version,
          loadAverageBefore: loadBefore,
          loadAverageAfter: loadavg(),
        },
        database,
        config: {
          readers: READERS,
          edits: EDITS,
          rounds: ROUNDS,
          warmupEdits: WARMUP_EDITS,
          paceMs: PACE_MS,
          sizes: SIZES,
        },
        sides: SIDE_LABELS,
        rows,
        ratios,
        serverCpuSecondsPer1000Edits: cpu,
        synapseLongRunProjection: projection,
        runtimeSeconds: (performance.now() - started) / 1000,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `\nwrote ${file} (${((performance.now() - started) / 1000).toFixed(0)} s; load average now ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  // Servers and sockets a failed side left open would keep the process alive: exit.
  process.exit(1);
});
