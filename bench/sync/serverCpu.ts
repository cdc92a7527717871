// The CPU column of bench/sync: server CPU seconds per 1,000 edits. Each server runs in its own process
// (bench/scale/serverProcess.ts), so its CPU time is its own — the bench's clients live in this process.
// The load is bench/sync's: one writer, `readers` readers, paced label edits on a 10-node workflow.
// BENCH_CPU_PROF=<dir> profiles each server with --cpu-prof into that directory (keep it out of the repo).
import { setNodeField, USER_ORIGIN, workflowMaps } from '@synapse/schema';
import type * as Y from 'yjs';
import type { ServerKind } from '../scale/serverProcess';
import { spawnServer } from '../scale/spawnServer';
import { type BenchClient, connectClient, destroyClient, sleep, waitUntil } from './connectClient';
import { preloadWorkflow } from './preloadWorkflow';
import type { SideKey } from './startSide';

export const CPU_KINDS: Record<SideKey, ServerKind> = { B: 'hocuspocus', A: 'hocuspocus-db', S: 'synapse' };

export interface CpuOptions {
  readers: number;
  edits: number;
  warmupEdits: number;
  paceMs: number;
  nodes: number;
}

/** Server CPU seconds per 1,000 edits for one side, measured over `edits` edits after a warm-up. */
export async function serverCpuPer1000Edits(
  side: SideKey,
  env: Record<string, string>,
  options: CpuOptions,
): Promise<number> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const server = await spawnServer(
    CPU_KINDS[side],
    env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const clients: BenchClient[] = [];
  try {
    const docName = 'ws/default/workflow/cpu-bench';
    const writer = await connectClient(server, docName);
    clients.push(writer);
    const [target] = preloadWorkflow(writer.doc, options.nodes, true);
    await waitUntil(() => writer.provider.unsyncedChanges === 0, 'the preload to be acknowledged', 60_000);
    for (let i = 0; i < options.readers; i++) clients.push(await connectClient(server, docName));
    const readers = clients.slice(1);
    const label = (doc: Y.Doc) =>
      ((workflowMaps(doc).nodes.get(target as string) as Y.Map<unknown>).get('data') as Y.Map<unknown>).get(
        'label',
      );
    let seq = 0;
    const run = async (count: number) => {
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        await sleep(start + i * options.paceMs - performance.now());
        seq += 1;
        setNodeField(writer.doc, target as string, 'label', `edit ${seq}`, USER_ORIGIN);
      }
      const last = `edit ${seq}`;
      await waitUntil(
        () => writer.provider.unsyncedChanges === 0 && readers.every((r) => label(r.doc) === last),
        'the edits to reach every reader and be acknowledged',
        60_000,
      );
    };
    await run(options.warmupEdits);
    await sleep(500);
    const before = await server.cpuSeconds();
    await run(options.edits);
    const after = await server.cpuSeconds();
    return ((after - before) * 1000) / options.edits;
  } finally {
    for (const client of clients) destroyClient(client);
    await server.stop();
  }
}

/** Rounds alternate the order of the sides; returns every side's per-round figures. */
export async function measureServerCpu(
  sides: SideKey[],
  rounds: number,
  env: Record<string, string>,
  options: CpuOptions,
): Promise<Map<SideKey, number[]>> {
  const results = new Map<SideKey, number[]>(sides.map((side) => [side, []]));
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? sides : [...sides].reverse();
    for (const side of order) {
      const value = await serverCpuPer1000Edits(side, env, options);
      results.get(side)?.push(value);
      console.log(`  cpu round ${round} ${side}: ${value.toFixed(3)} CPU-s per 1,000 edits`);
    }
  }
  return results;
}
