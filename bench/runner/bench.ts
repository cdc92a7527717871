// Runner benchmark: executeRun against LangGraph JS and against the bounds, and the live run path of a
// real stack (token → observer latency, Yjs updates per token, run request → first node running).
// Run: node --import tsx bench/runner/bench.ts   (add BENCH_DATABASE_URL=postgres://… for Postgres too)
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type FirstNodeResult, formatFirstNode, runFirstNode } from './firstNode';
import { formatMakespan, type MakespanRow, NODE_MS, runMakespan } from './makespan';
import { formatMapMakespan, ITEM_MS, MAP_CASE, type MapMakespanRow, runMapMakespan } from './mapMakespan';
import { garbageCollector } from './measure';
import { callModelOf, createStreamingProvider } from './models';
import { formatOverhead, type OverheadResult, runSchedulerOverhead } from './schedulerOverhead';
import { RUNNER_NODE_CONCURRENCY, startBenchStack } from './stack';
import { fmt, formatTable } from './stats';
import {
  formatStreaming,
  OBSERVERS,
  runStreaming,
  STREAM_NODES,
  STREAM_VARIANTS,
  type StreamRow,
  type StreamSummary,
  type StreamVariant,
  summarizeStreaming,
  TOKEN_INTERVAL_MS,
} from './streaming';

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const SECTIONS = new Set((process.env.BENCH_RUNNER_SECTIONS ?? '1,2,3,4,5').split(',').map((s) => s.trim()));
const OVERHEAD = { warmup: 2, reps: positiveInt(process.env.BENCH_REPS, 7) };
const MAKESPAN = { reps: positiveInt(process.env.BENCH_MAKESPAN_REPS, 3), caps: [8] };
const STREAM = {
  tokensPerNode: positiveInt(process.env.BENCH_TOKENS, 100),
  rounds: positiveInt(process.env.BENCH_ROUNDS, 2),
  variants: process.env.BENCH_STREAM_VARIANTS?.split(',') as StreamVariant[] | undefined,
};
const FIRST_NODE = { runs: positiveInt(process.env.BENCH_RUNS, 30), warmup: 3 };

const log = (line: string) => console.log(line);

const signed = (v: number) => `${v >= 0 ? '+' : ''}${fmt(v, 1)}`;

interface StreamRatios {
  writerTxPerTokenPerTokenOverCoalesced: number;
  textTxPerTokenOverCoalesced: number;
  observerUpdatesPerTokenOverCoalesced: number;
  logRowsPerTokenOverCoalesced: number;
  latencyP50CoalescedMinusPerTokenMs: number;
  latencyP99CoalescedMinusPerTokenMs: number;
  latencyP50CoalescedOverPerToken: number;
  latencyP99CoalescedOverPerToken: number;
}

interface StackResults {
  database: string;
  stackStartMs: number;
  streaming?: { rows: StreamRow[]; summary: StreamSummary[]; ratios: StreamRatios | null };
  firstNode?: FirstNodeResult;
  firstNodePolling?: FirstNodeResult;
}

async function stackSections(
  postgresUrl: string | undefined,
  collectGarbage: () => void,
): Promise<StackResults> {
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const provider = createStreamingProvider({
    tokenIntervalMs: TOKEN_INTERVAL_MS,
    defaultTokens: 5,
    phases: STREAM_NODES,
    gate: () => gate,
  });
  const started = performance.now();
  const stack = await startBenchStack({ provider, postgresUrl });
  const results: StackResults = { database: stack.database, stackStartMs: performance.now() - started };
  log(`\n${stack.database}: stack up in ${fmt(results.stackStartMs / 1000, 1)} s`);
  try {
    if (SECTIONS.has('3')) {
      const rows = await runStreaming(
        {
          stack,
          callModel: callModelOf(provider),
          closeGate() {
            gate = new Promise<void>((resolve) => {
              release = resolve;
            });
          },
          openGate: () => release(),
        },
        { ...STREAM, collectGarbage, log },
      );
      const summary = summarizeStreaming(rows);
      const perToken = summary.find((x) => x.variant === 'perToken');
      const coalesced = summary.find((x) => x.variant === 'coalesced');
      const ratios: StreamRatios | null =
        perToken && coalesced
          ? {
              writerTxPerTokenPerTokenOverCoalesced:
                (perToken.writerUpdatesPerToken ?? 0) / (coalesced.writerUpdatesPerToken ?? 1),
              textTxPerTokenOverCoalesced:
                (perToken.writerTextUpdatesPerToken ?? 0) / (coalesced.writerTextUpdatesPerToken ?? 1),
              observerUpdatesPerTokenOverCoalesced: perToken.updatesPerToken / coalesced.updatesPerToken,
              logRowsPerTokenOverCoalesced: perToken.logRowsPerToken / coalesced.logRowsPerToken,
              latencyP50CoalescedMinusPerTokenMs: coalesced.latencyMs.p50 - perToken.latencyMs.p50,
              latencyP99CoalescedMinusPerTokenMs: coalesced.latencyMs.p99 - perToken.latencyMs.p99,
              latencyP50CoalescedOverPerToken: coalesced.latencyMs.p50 / perToken.latencyMs.p50,
              latencyP99CoalescedOverPerToken: coalesced.latencyMs.p99 / perToken.latencyMs.p99,
            }
          : null;
      results.streaming = { rows, summary, ratios };
    }
    if (SECTIONS.has('4')) {
      collectGarbage();
      results.firstNode = await runFirstNode(stack, { ...FIRST_NODE, queue: 'notify (shipped)' });
      // The baseline: pg-boss's default for a queue, `notify` off, so workers find a run on their next poll.
      await stack.setQueueNotify(false);
      collectGarbage();
      results.firstNodePolling = await runFirstNode(stack, {
        ...FIRST_NODE,
        runs: Math.ceil(FIRST_NODE.runs / 2),
        queue: 'polling (pg-boss default)',
      });
    }
  } finally {
    await stack.stop();
  }
  return results;
}

function formatStreamSummary(results: StackResults[]): string {
  const rows = results.flatMap((r) =>
    (r.streaming?.summary ?? []).map((s) => [
      r.database,
      s.variant,
      fmt(s.latencyMs.p50),
      fmt(s.latencyMs.p99),
      s.writerUpdatesPerToken === null ? '–' : fmt(s.writerUpdatesPerToken, 3),
      s.writerTextUpdatesPerToken === null ? '–' : fmt(s.writerTextUpdatesPerToken, 3),
      fmt(s.updatesPerToken, 3),
      fmt(s.logRowsPerToken, 3),
      fmt(s.bytesPerToken, 1),
    ]),
  );
  return formatTable(
    [
      'database',
      'variant',
      'latency p50',
      'p99',
      'writer tx/token',
      'text tx/token',
      'observer updates/token',
      'log rows/token',
      'observer B/token',
    ],
    rows,
  );
}

async function main(): Promise<void> {
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  const collectGarbage = garbageCollector();
  const started = performance.now();
  const loadBefore = loadavg();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageBefore: loadBefore,
  };
  log(
    `runner bench: sections ${[...SECTIONS].join(',')}; databases pglite${postgresUrl ? ' + postgres' : ''}; ` +
      `${machine.cpus} CPUs (${machine.cpuModel}); Node ${machine.node}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );

  let overhead: OverheadResult | undefined;
  if (SECTIONS.has('1')) {
    log(
      '\n1. Scheduler overhead: 1,000-node layered DAG (20 levels × 50, 2–3 predecessors each), zero-latency model',
    );
    overhead = await runSchedulerOverhead({ ...OVERHEAD, collectGarbage, log });
    log(formatOverhead(overhead));
  }

  let makespan: MakespanRow[] | undefined;
  if (SECTIONS.has('2')) {
    log(`\n2. Makespan at ${NODE_MS} ms per node ÷ the bound (critical path, or rounds of the cap)`);
    // Section 1 already warmed executeRun and LangGraph up; a warm-up round here only when it did not run.
    makespan = await runMakespan({ ...MAKESPAN, warmup: overhead ? 0 : 1, collectGarbage });
    log(formatMakespan(makespan));
    for (const engine of ['executeRun', 'executeRun no-op writer'] as const) {
      const uncapped = makespan.filter((r) => r.engine === engine && r.cap === null);
      log(
        `  ${engine}, concurrency ≥ width, makespan ÷ critical path: ${uncapped
          .map((r) => `${r.graph} ${fmt(r.ratio, 3)} ${r.ratio <= 1.05 ? '✔' : '✘'}`)
          .join(', ')} (target ≤ 1.05)`,
      );
    }
  }

  const stacks: StackResults[] = [];
  if (SECTIONS.has('3') || SECTIONS.has('4')) {
    log(
      `\n3./4. Real stack (server + runner in this process, runner node concurrency ${RUNNER_NODE_CONCURRENCY}); ` +
        `${STREAM_NODES} agents × ${STREAM.tokensPerNode} tokens at ${1000 / TOKEN_INTERVAL_MS} tokens/s, ${OBSERVERS} observers`,
    );
    stacks.push(await stackSections(undefined, collectGarbage));
    if (postgresUrl) stacks.push(await stackSections(postgresUrl, collectGarbage));
  }
  if (SECTIONS.has('3')) {
    log('\n3. Token → observer latency (ms) and Yjs updates per token, every round');
    for (const s of stacks) log(`${s.database}\n${formatStreaming(s.streaming?.rows ?? [])}\n`);
    for (const [k, v] of Object.entries(STREAM_VARIANTS)) log(`  ${k}: ${v}`);
    log(`\npooled over rounds\n${formatStreamSummary(stacks)}`);
    for (const s of stacks) {
      const r = s.streaming?.ratios;
      if (!r) continue;
      log(
        `  ${s.database}: per-token ÷ coalesced: writer tx ${fmt(r.writerTxPerTokenPerTokenOverCoalesced, 1)}×, ` +
          `text tx ${fmt(r.textTxPerTokenOverCoalesced, 1)}×, observer updates ${fmt(r.observerUpdatesPerTokenOverCoalesced, 1)}×, ` +
          `log rows ${fmt(r.logRowsPerTokenOverCoalesced, 1)}×;\n    latency coalesced ÷ per-token: ` +
          `p50 ${fmt(r.latencyP50CoalescedOverPerToken)}× (${signed(r.latencyP50CoalescedMinusPerTokenMs)} ms), ` +
          `p99 ${fmt(r.latencyP99CoalescedOverPerToken)}× (${signed(r.latencyP99CoalescedMinusPerTokenMs)} ms)`,
      );
    }
  }
  if (SECTIONS.has('4')) {
    log(
      `\n4. Run request → first node running (ms), ${FIRST_NODE.runs} runs after ${FIRST_NODE.warmup} warm-up`,
    );
    log(
      formatFirstNode(
        stacks.flatMap((s) => [s.firstNode, s.firstNodePolling].filter((r) => r !== undefined)),
      ),
    );
    log(
      '  accepted = POST → 202; first node running = POST → an observer opened on the run id sees the node ' +
        'leave queued;\n  runner startedAt = the runner’s own timestamp − POST (Date.now); late observers = runs ' +
        'already running when the observer synced (counted by startedAt)\n  polling (pg-boss default) = ' +
        "stack.setQueueNotify(false): updateQueue('synapse-run', { notify: false }), workers poll once a second",
    );
  }

  let mapMakespan: MapMakespanRow[] | undefined;
  if (SECTIONS.has('5')) {
    log(
      `\n5. Map node: ${MAP_CASE.items} items, cap ${MAP_CASE.cap}, ${ITEM_MS} ms per item ÷ the bound (rounds of the cap)`,
    );
    mapMakespan = await runMapMakespan({ ...MAKESPAN, warmup: 1, collectGarbage });
    log(formatMapMakespan(mapMakespan));
    const map = mapMakespan.find((r) => r.engine === 'map node');
    if (map)
      log(
        `  map node makespan ÷ bound: ${fmt(map.ratio, 3)} ${map.ratio <= 1.05 ? '✔' : '✘'} (target ≤ 1.05)`,
      );
  }

  const date = new Date().toISOString().slice(0, 10);
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  const file = `${dir}runner-${date}.json`;
  await mkdir(dir, { recursive: true });
  const strip = (rows: StreamRow[]) => rows.map(({ samples: _samples, ...rest }) => rest);
  await writeFile(
    file,
    `${JSON.stringify(
      {
        bench: 'runner',
        date: new Date().toISOString(),
        command: `${postgresUrl ? 'BENCH_DATABASE_URL=<url> ' : ''}node --import tsx bench/runner/bench.ts`,
        machine: { ...machine, loadAverageAfter: loadavg() },
        config: {
          sections: [...SECTIONS],
          overhead: OVERHEAD,
          makespan: { ...MAKESPAN, nodeMs: NODE_MS },
          mapMakespan: { ...MAP_CASE, itemMs: ITEM_MS, reps: MAKESPAN.reps },
          streaming: {
            ...STREAM,
            nodes: STREAM_NODES,
            observers: OBSERVERS,
            tokenIntervalMs: TOKEN_INTERVAL_MS,
          },
          firstNode: FIRST_NODE,
          runnerNodeConcurrency: RUNNER_NODE_CONCURRENCY,
        },
        schedulerOverhead: overhead,
        makespan,
        mapMakespan,
        stacks: stacks.map((s) => ({
          ...s,
          streaming: s.streaming && {
            ...s.streaming,
            rows: strip(s.streaming.rows),
            variants: STREAM_VARIANTS,
          },
        })),
        runtimeSeconds: (performance.now() - started) / 1000,
      },
      null,
      2,
    )}\n`,
  );
  log(
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
