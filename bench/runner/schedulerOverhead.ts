import { type Dag, edgeCount, layeredDag, nodeCount, toWorkflowGraph } from './dag';
import { timeInMemoryRun } from './inMemoryRun';
import { buildLangGraph } from './langgraphSide';
import { interleave, type Side } from './measure';
import { zeroLatencyModel } from './models';
import { fmt, formatTable, median } from './stats';
import { timeYjsFloor } from './yjsFloor';

export const OVERHEAD_SIDES = {
  doc: 'executeRun + in-memory run document (createRunWriter, default coalesceMs 40), concurrency 50',
  docC4: 'executeRun + in-memory run document, concurrency 4 (the runner default RUN_NODE_CONCURRENCY)',
  noop: 'executeRun with a no-op writer (scheduling + runNode only), concurrency 50',
  yjsFloor:
    'bare Yjs: the same 7 writes per node into the same document, 2 transactions per level (the floor for the document)',
  lgReducer: 'LangGraph StateGraph, one `outputs` record with a merge reducer, addEdge([preds], node)',
  lgChannels: 'LangGraph StateGraph, one LastValue channel per node, addEdge([preds], node)',
} as const;
export type OverheadSide = keyof typeof OVERHEAD_SIDES;

export interface OverheadRow {
  side: OverheadSide;
  reps: number;
  msPerNode: { median: number; min: number; max: number };
  /**
   * Process CPU time per node of the timed part, median (the run document set-up excluded; less sensitive
   * to other load on the machine than wall time).
   */
  cpuMsPerNode: number;
  runMs: number[];
  /** Yjs updates the run document produced per node (document sides only). */
  updatesPerNode: number | null;
}

export interface OverheadResult {
  graph: { name: string; levels: number; width: number; nodes: number; edges: number };
  warmup: number;
  reps: number;
  langGraphCompileMs: { reducer: number; channels: number };
  rows: OverheadRow[];
  ratios: Record<string, number>;
}

export async function runSchedulerOverhead(options: {
  warmup: number;
  reps: number;
  collectGarbage: () => void;
  log: (line: string) => void;
}): Promise<OverheadResult> {
  const dag: Dag = layeredDag(
    'layered 20 × 50',
    Array.from({ length: 20 }, () => 50),
    7,
  );
  const nodes = nodeCount(dag);
  const graph = toWorkflowGraph(dag);
  const reducer = buildLangGraph(dag, zeroLatencyModel, 'reducer');
  const channels = buildLangGraph(dag, zeroLatencyModel, 'channels');
  const updates = new Map<OverheadSide, number[]>();

  const executor =
    (key: OverheadSide, writer: 'noop' | { coalesceMs: number }, concurrency: number) => async () => {
      const {
        ms,
        cpuMs,
        outcome,
        updates: count,
      } = await timeInMemoryRun({
        graph,
        callModel: zeroLatencyModel,
        concurrency,
        writer,
      });
      if (outcome.nodesSucceeded !== nodes)
        throw new Error(`${key}: ${outcome.nodesSucceeded} of ${nodes} nodes`);
      if (writer !== 'noop') updates.set(key, [...(updates.get(key) ?? []), count]);
      return { ms, cpuMs };
    };
  const langGraph = (key: OverheadSide, side: typeof reducer) => async () => {
    const started = performance.now();
    const { nodesRun, outputs } = await side.invoke();
    const ms = performance.now() - started;
    if (nodesRun !== nodes || outputs !== nodes)
      throw new Error(`${key}: ran ${nodesRun}, ${outputs} outputs`);
    return ms;
  };
  const floor = async () => {
    const { ms, cpuMs, updates: count } = timeYjsFloor(graph, dag.levels);
    updates.set('yjsFloor', [...(updates.get('yjsFloor') ?? []), count]);
    return { ms, cpuMs };
  };
  const sides: Side<OverheadSide>[] = [
    { key: 'doc', run: executor('doc', { coalesceMs: 40 }, 50) },
    { key: 'noop', run: executor('noop', 'noop', 50) },
    { key: 'yjsFloor', run: floor },
    { key: 'docC4', run: executor('docC4', { coalesceMs: 40 }, 4) },
    { key: 'lgReducer', run: langGraph('lgReducer', reducer) },
    // About ten times slower than the reducer form (~6 s a run): one measured run, after the reducer
    // form's first run in the same round has warmed LangGraph's code up.
    { key: 'lgChannels', run: langGraph('lgChannels', channels), warmup: 0, reps: 1 },
  ];
  const times = await interleave(sides, options);
  const rows: OverheadRow[] = sides.map(({ key }) => {
    const runMs = times.get(key)?.wall ?? [];
    const perNode = runMs.map((ms) => ms / nodes);
    const cpuMsPerNode = median(times.get(key)?.cpu ?? []) / nodes;
    const counts = updates.get(key);
    return {
      side: key,
      reps: runMs.length,
      msPerNode: { median: median(perNode), min: Math.min(...perNode), max: Math.max(...perNode) },
      cpuMsPerNode,
      runMs,
      updatesPerNode: counts ? median(counts) / nodes : null,
    };
  });
  const at = (key: OverheadSide) => rows.find((r) => r.side === key)?.msPerNode.median ?? Number.NaN;
  const cpuAt = (key: OverheadSide) => rows.find((r) => r.side === key)?.cpuMsPerNode ?? Number.NaN;
  const ratios = {
    cpuLangGraphReducerOverExecuteRunDoc: cpuAt('lgReducer') / cpuAt('doc'),
    langGraphReducerOverExecuteRunDoc: at('lgReducer') / at('doc'),
    langGraphReducerOverExecuteRunNoop: at('lgReducer') / at('noop'),
    langGraphChannelsOverExecuteRunDoc: at('lgChannels') / at('doc'),
    executeRunDocOverNoop: at('doc') / at('noop'),
    executeRunDocOverNoopPlusYjsFloor: at('doc') / (at('noop') + at('yjsFloor')),
  };
  return {
    graph: { name: dag.name, levels: dag.levels.length, width: 50, nodes, edges: edgeCount(dag) },
    warmup: options.warmup,
    reps: options.reps,
    langGraphCompileMs: { reducer: reducer.compileMs, channels: channels.compileMs },
    rows,
    ratios,
  };
}

export function formatOverhead(result: OverheadResult): string {
  const us = (ms: number) => fmt(ms * 1000, 1);
  const table = formatTable(
    ['side', 'µs/node median', 'min', 'max', 'CPU µs/node', 'run ms median', 'reps', 'Yjs updates/node'],
    result.rows.map((r) => [
      r.side,
      us(r.msPerNode.median),
      us(r.msPerNode.min),
      us(r.msPerNode.max),
      us(r.cpuMsPerNode),
      fmt(median(r.runMs), 1),
      String(r.reps),
      r.updatesPerNode === null ? '–' : fmt(r.updatesPerNode, 2),
    ]),
  );
  const x = (v: number | undefined) => `${fmt(v ?? Number.NaN)}×`;
  return [
    table,
    '',
    ...Object.entries(OVERHEAD_SIDES).map(([k, v]) => `  ${k}: ${v}`),
    `  LangGraph compile (not in the times): reducer ${fmt(result.langGraphCompileMs.reducer, 1)} ms, ` +
      `channels ${fmt(result.langGraphCompileMs.channels, 1)} ms`,
    '',
    `  LangGraph (reducer) ÷ executeRun + document   ${x(result.ratios.langGraphReducerOverExecuteRunDoc)}`,
    `  LangGraph (reducer) ÷ executeRun, no-op writer ${x(result.ratios.langGraphReducerOverExecuteRunNoop)}`,
    `  LangGraph (channels) ÷ executeRun + document  ${x(result.ratios.langGraphChannelsOverExecuteRunDoc)}`,
    `  executeRun + document ÷ no-op writer         ${x(result.ratios.executeRunDocOverNoop)}`,
    `  executeRun + document ÷ (no-op writer + Yjs floor) ${x(result.ratios.executeRunDocOverNoopPlusYjsFloor)}`,
    `  CPU: LangGraph (reducer) ÷ executeRun + document ${x(result.ratios.cpuLangGraphReducerOverExecuteRunDoc)}`,
  ].join('\n');
}
