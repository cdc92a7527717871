import { criticalPathNodes, type Dag, layeredDag, levelBoundRounds, nodeCount, toWorkflowGraph } from './dag';
import { timeInMemoryRun } from './inMemoryRun';
import { buildLangGraph } from './langgraphSide';
import { interleave, type Side } from './measure';
import { fixedLatencyModel } from './models';
import { fmt, formatTable, median } from './stats';

export const NODE_MS = 100;

export interface MakespanRow {
  graph: string;
  nodes: number;
  /** `timers` = the floor on this machine: each level's nodes as plain sleeps, `cap` at a time. */
  engine: 'executeRun' | 'executeRun no-op writer' | 'LangGraph' | 'timers';
  /** Nodes (executeRun concurrency) or tasks per super-step (LangGraph maxConcurrency) at once; null = unlimited. */
  cap: number | null;
  /** Lower bound: rounds of NODE_MS the cap allows (critical path when uncapped). */
  boundMs: number;
  makespanMs: { median: number; min: number; max: number };
  /** Process CPU time per run, median: the engine's own work, which load on the machine stretches. */
  cpuMs: number;
  ratio: number;
  /** Median ÷ the timers row's median for the same graph and cap. */
  overFloor: number;
  runMs: number[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The bound's schedule with nothing but timers: level by level, `cap` sleeps at a time. */
async function timerFloor(dag: Dag, cap: number): Promise<number> {
  const started = performance.now();
  for (const level of dag.levels) {
    for (let i = 0; i < level.length; i += cap)
      await Promise.all(level.slice(i, i + cap).map(() => sleep(NODE_MS)));
  }
  return performance.now() - started;
}

/** Source → 40 agents → join, and source → 3 levels of 40 (each node on 2–3 of the level before) → join. */
export function makespanGraphs(): Dag[] {
  return [
    layeredDag('wide 1→40→1', [1, 40, 1], 11),
    layeredDag('3-layer 1→40→40→40→1', [1, 40, 40, 40, 1], 13),
  ];
}

export async function runMakespan(options: {
  warmup: number;
  reps: number;
  caps: number[];
  collectGarbage: () => void;
}): Promise<MakespanRow[]> {
  const model = fixedLatencyModel(NODE_MS);
  const rows: MakespanRow[] = [];
  for (const dag of makespanGraphs()) {
    const graph = toWorkflowGraph(dag);
    const nodes = nodeCount(dag);
    const width = Math.max(...dag.levels.map((l) => l.length));
    const langGraph = buildLangGraph(dag, model, 'reducer');
    const caps: (number | null)[] = [null, ...options.caps];
    type Key = `${MakespanRow['engine']}:${number | 'none'}`;
    const sides: Side<Key>[] = caps.flatMap((cap) => [
      { key: `timers:${cap ?? 'none'}` as Key, run: () => timerFloor(dag, cap ?? width) },
      {
        key: `executeRun:${cap ?? 'none'}` as Key,
        async run() {
          // "Unlimited" for executeRun is a cap at least the graph's width.
          const { ms, outcome } = await timeInMemoryRun({
            graph,
            callModel: model,
            concurrency: cap ?? width,
            writer: { coalesceMs: 40 },
          });
          if (outcome.nodesSucceeded !== nodes)
            throw new Error(`executeRun: ${outcome.nodesSucceeded} of ${nodes}`);
          return ms;
        },
      },
      {
        key: `executeRun no-op writer:${cap ?? 'none'}` as Key,
        async run() {
          const { ms, outcome } = await timeInMemoryRun({
            graph,
            callModel: model,
            concurrency: cap ?? width,
            writer: 'noop',
          });
          if (outcome.nodesSucceeded !== nodes)
            throw new Error(`no-op: ${outcome.nodesSucceeded} of ${nodes}`);
          return ms;
        },
      },
      {
        key: `LangGraph:${cap ?? 'none'}` as Key,
        async run() {
          const started = performance.now();
          const { nodesRun } = await langGraph.invoke(cap ? { maxConcurrency: cap } : {});
          const ms = performance.now() - started;
          if (nodesRun !== nodes) throw new Error(`LangGraph: ran ${nodesRun} of ${nodes}`);
          return ms;
        },
      },
    ]);
    const times = await interleave(sides, options);
    for (const cap of caps) {
      const boundMs = (cap ? levelBoundRounds(dag, cap) : criticalPathNodes(dag)) * NODE_MS;
      const floor = median(times.get(`timers:${cap ?? 'none'}` as Key)?.wall ?? []);
      for (const engine of ['timers', 'executeRun', 'executeRun no-op writer', 'LangGraph'] as const) {
        const runMs = times.get(`${engine}:${cap ?? 'none'}` as Key)?.wall ?? [];
        const cpuMs = median(times.get(`${engine}:${cap ?? 'none'}` as Key)?.cpu ?? []);
        const m = median(runMs);
        rows.push({
          graph: dag.name,
          nodes,
          engine,
          cap,
          boundMs,
          makespanMs: { median: m, min: Math.min(...runMs), max: Math.max(...runMs) },
          cpuMs,
          ratio: m / boundMs,
          overFloor: m / floor,
          runMs,
        });
      }
    }
  }
  return rows;
}

export function formatMakespan(rows: MakespanRow[]): string {
  return formatTable(
    [
      'graph',
      'nodes',
      'engine',
      'cap',
      'bound ms',
      'makespan median',
      'min',
      'max',
      '÷ bound',
      '÷ timers',
      'CPU ms',
    ],
    rows.map((r) => [
      r.graph,
      String(r.nodes),
      r.engine,
      r.cap === null ? (r.engine === 'LangGraph' ? 'none' : '= width') : String(r.cap),
      fmt(r.boundMs, 0),
      fmt(r.makespanMs.median, 1),
      fmt(r.makespanMs.min, 1),
      fmt(r.makespanMs.max, 1),
      fmt(r.ratio, 3),
      fmt(r.overFloor, 3),
      fmt(r.cpuMs, 1),
    ]),
  );
}
