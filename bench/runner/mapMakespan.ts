import { normalizeGraph, type WorkflowGraph } from '@synapse/schema';
import { timeInMemoryRun } from './inMemoryRun';
import { interleave, type Side } from './measure';
import { BENCH_MODEL, BENCH_PROVIDER, fixedLatencyModel } from './models';
import { fmt, formatTable, median } from './stats';

/** One model call per item: the same 100 ms round trip as the makespan section's nodes. */
export const ITEM_MS = 100;
export const MAP_CASE = { items: 20, cap: 4 };

export interface MapMakespanRow {
  /** `map node` = one Map node; `20 agent nodes` = what a user wires without Map, at the same cap; `timers` = the floor. */
  engine: 'map node' | 'map node, no-op writer' | '20 agent nodes' | 'timers';
  items: number;
  cap: number;
  /** ceil(items ÷ cap) rounds of ITEM_MS: no schedule with `cap` calls in flight can finish sooner. */
  boundMs: number;
  makespanMs: { median: number; min: number; max: number };
  cpuMs: number;
  ratio: number;
  overFloor: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A Map over a literal JSON list (no upstream node, so the bound is the items' rounds alone). */
function mapGraph(items: number, cap: number): WorkflowGraph {
  const list = JSON.stringify(Array.from({ length: items }, (_, i) => `item ${i}`));
  return normalizeGraph({
    nodes: [
      {
        id: 'map',
        type: 'map',
        position: { x: 0, y: 0 },
        data: {
          list,
          provider: BENCH_PROVIDER,
          model: BENCH_MODEL,
          userPrompt: '{{item}}',
          concurrency: cap,
        },
      },
    ],
    edges: [],
  });
}

/** The same work as independent agent nodes (the run's node cap plays the map's cap). */
function agentsGraph(items: number): WorkflowGraph {
  return normalizeGraph({
    nodes: Array.from({ length: items }, (_, i) => ({
      id: `a${String(i).padStart(2, '0')}`,
      type: 'agent',
      position: { x: 0, y: 0 },
      data: { provider: BENCH_PROVIDER, model: BENCH_MODEL, userPrompt: `item ${i}` },
    })),
    edges: [],
  });
}

/** Items as plain sleeps, `cap` at a time, each slot taking the next item when it frees (a pool). */
async function timerPool(items: number, cap: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < items) {
      next++;
      await sleep(ITEM_MS);
    }
  };
  await Promise.all(Array.from({ length: cap }, worker));
  return performance.now() - started;
}

export async function runMapMakespan(options: {
  warmup: number;
  reps: number;
  collectGarbage: () => void;
}): Promise<MapMakespanRow[]> {
  const { items, cap } = MAP_CASE;
  const model = fixedLatencyModel(ITEM_MS);
  const map = mapGraph(items, cap);
  const agents = agentsGraph(items);
  const expectItems = (output: string | undefined) => {
    const parsed = JSON.parse(output ?? 'null') as unknown;
    if (!Array.isArray(parsed) || parsed.length !== items || parsed.some((r) => r !== 'ok'))
      throw new Error(`map output is not ${items} answers: ${output?.slice(0, 80)}`);
  };
  const sides: Side<MapMakespanRow['engine']>[] = [
    { key: 'timers', run: () => timerPool(items, cap) },
    {
      key: 'map node',
      async run() {
        // The map holds one node slot; its own cap bounds the calls in flight.
        const { ms, outcome } = await timeInMemoryRun({
          graph: map,
          callModel: model,
          concurrency: 1,
          writer: { coalesceMs: 40 },
        });
        expectItems(outcome.outputs.map);
        return ms;
      },
    },
    {
      key: 'map node, no-op writer',
      async run() {
        const { ms, outcome } = await timeInMemoryRun({
          graph: map,
          callModel: model,
          concurrency: 1,
          writer: 'noop',
        });
        expectItems(outcome.outputs.map);
        return ms;
      },
    },
    {
      key: '20 agent nodes',
      async run() {
        const { ms, outcome } = await timeInMemoryRun({
          graph: agents,
          callModel: model,
          concurrency: cap,
          writer: { coalesceMs: 40 },
        });
        if (outcome.nodesSucceeded !== items)
          throw new Error(`agents: ${outcome.nodesSucceeded} of ${items}`);
        return ms;
      },
    },
  ];
  const times = await interleave(sides, options);
  const boundMs = Math.ceil(items / cap) * ITEM_MS;
  const floor = median(times.get('timers')?.wall ?? []);
  return sides.map(({ key }) => {
    const wall = times.get(key)?.wall ?? [];
    const m = median(wall);
    return {
      engine: key,
      items,
      cap,
      boundMs,
      makespanMs: { median: m, min: Math.min(...wall), max: Math.max(...wall) },
      cpuMs: median(times.get(key)?.cpu ?? []),
      ratio: m / boundMs,
      overFloor: m / floor,
    };
  });
}

export function formatMapMakespan(rows: MapMakespanRow[]): string {
  return formatTable(
    ['engine', 'items', 'cap', 'bound ms', 'makespan median', 'min', 'max', '÷ bound', '÷ timers', 'CPU ms'],
    rows.map((r) => [
      r.engine,
      String(r.items),
      String(r.cap),
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
