import { normalizeGraph, type WorkflowGraph } from '@synapse/schema';

/** A DAG by levels: every node's predecessors sit in the previous level. */
export interface Dag {
  name: string;
  levels: string[][];
  /** Predecessors of each node (empty for the first level), in a fixed order. */
  preds: Map<string, string[]>;
}

export function nodeCount(dag: Dag): number {
  return dag.levels.reduce((n, level) => n + level.length, 0);
}

export function edgeCount(dag: Dag): number {
  let edges = 0;
  for (const preds of dag.preds.values()) edges += preds.length;
  return edges;
}

/** Deterministic PRNG (mulberry32), so every run benchmarks the same graph. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct picks from `from`, deterministic for one PRNG state. */
function pick(from: string[], count: number, next: () => number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, from.length))
    chosen.add(from[Math.floor(next() * from.length)] as string);
  return [...chosen].sort();
}

/**
 * `widths.length` levels; a node of level l > 0 depends on `fanIn()` (2–3) random nodes of level l − 1,
 * or on all of them when that level has fewer; a level of width 1 after a wide one is a join of all.
 */
export function layeredDag(name: string, widths: number[], seed = 1): Dag {
  const next = random(seed);
  const levels = widths.map((width, l) => Array.from({ length: width }, (_, i) => `L${l}n${i}`));
  const preds = new Map<string, string[]>();
  levels.forEach((level, l) => {
    const previous = levels[l - 1] ?? [];
    for (const id of level) {
      if (l === 0) preds.set(id, []);
      else if (level.length === 1 || previous.length <= 3) preds.set(id, [...previous]);
      else preds.set(id, pick(previous, 2 + Math.floor(next() * 2), next));
    }
  });
  return { name, levels, preds };
}

/** The same DAG as a Synapse workflow graph: every node an agent calling the bench model. */
export function toWorkflowGraph(dag: Dag, agentData: Record<string, unknown> = {}): WorkflowGraph {
  const nodes = dag.levels.flatMap((level, l) =>
    level.map((id, i) => ({
      id,
      type: 'agent',
      position: { x: l * 300, y: i * 120 },
      data: { label: id, provider: 'bench', model: 'bench', userPrompt: '{{input}}', ...agentData },
    })),
  );
  const edges = [...dag.preds].flatMap(([target, sources]) =>
    sources.map((source) => ({ source, target, sourceHandle: 'out', targetHandle: 'in' })),
  );
  return normalizeGraph({ nodes, edges });
}

/** Nodes on the longest path (every node costs the same). */
export function criticalPathNodes(dag: Dag): number {
  return dag.levels.length;
}

/**
 * Rounds of `cap` parallel slots a level-by-level schedule needs: Σ ceil(width / cap). For the shapes
 * benchmarked here (one source, wide middle levels, one join) it is also the optimum with `cap` slots:
 * the source runs alone first, the join alone last, and the middle nodes need ceil(middle / cap) rounds.
 */
export function levelBoundRounds(dag: Dag, cap: number): number {
  return dag.levels.reduce((rounds, level) => rounds + Math.ceil(level.length / cap), 0);
}
