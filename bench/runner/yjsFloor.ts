import { initRunDoc, RUNNER_ORIGIN, runMaps, type WorkflowGraph } from '@synapse/schema';
import * as Y from 'yjs';

/**
 * The floor under executeRun's document writes: bare Yjs doing exactly the writes a zero-latency agent
 * node leaves in the run document — status, attempt, startedAt and the resolved input when it starts,
 * its output text, status and finishedAt when it ends — with one transaction for the nodes of a level
 * starting and one for them finishing (what the run writer achieves), on the same initRunDoc document
 * with an `update` listener. No scheduling, no checks, no model: what any executor writing this
 * document pays per node.
 */
export function timeYjsFloor(
  graph: WorkflowGraph,
  levels: string[][],
): { ms: number; cpuMs: number; updates: number } {
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    { runId: 'floor', workflowId: 'floor', versionId: 'floor', requestedBy: 'floor', createdAt: 1, graph },
    RUNNER_ORIGIN,
  );
  let updates = 0;
  doc.on('update', () => {
    updates += 1;
  });
  const { nodes } = runMaps(doc);
  const entry = (id: string) => nodes.get(id) as Y.Map<unknown>;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const level of levels) {
    doc.transact(() => {
      for (const id of level) {
        const node = entry(id);
        node.set('status', 'running');
        node.set('attempt', 1);
        node.set('startedAt', Date.now());
        node.set('input', 'tides');
      }
    }, RUNNER_ORIGIN);
    doc.transact(() => {
      for (const id of level) {
        const node = entry(id);
        (node.get('output') as Y.Text).insert(0, 'ok');
        node.set('status', 'succeeded');
        node.set('finishedAt', Date.now());
      }
    }, RUNNER_ORIGIN);
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, updates };
}
