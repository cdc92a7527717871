import { type CallModel, executeRun, type RunOutcome } from '@synapse/runner';
import { initRunDoc, RUNNER_ORIGIN, type WorkflowGraph } from '@synapse/schema';
import * as Y from 'yjs';
import { createRunWriter, type RunWriter } from '../../apps/runner/src/createRunWriter';

/** A writer that drops everything: executeRun's scheduling with no run document behind it. */
export function noopWriter(): RunWriter {
  return {
    doc: new Y.Doc(),
    appendOutput() {},
    replaceOutput() {},
    patchNode() {},
    update() {},
    batch(work) {
      work();
    },
    flush() {},
    dispose() {},
  };
}

export interface InMemoryRunOptions {
  graph: WorkflowGraph;
  callModel: CallModel;
  concurrency: number;
  /** 'noop' drops every write; a number is the run document writer's coalesceMs. */
  writer: 'noop' | { coalesceMs: number };
}

/**
 * One executeRun over the graph, as the runner calls it, with the run document in memory (initRunDoc
 * first, as the server does when the run is requested; not timed). Resolves with the executor's wall and
 * CPU time.
 */
export async function timeInMemoryRun(
  options: InMemoryRunOptions,
): Promise<{ ms: number; cpuMs: number; outcome: RunOutcome; updates: number }> {
  let writer: RunWriter;
  let updates = 0;
  if (options.writer === 'noop') writer = noopWriter();
  else {
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      {
        runId: 'bench',
        workflowId: 'bench',
        versionId: 'bench',
        requestedBy: 'bench',
        createdAt: Date.now(),
        graph: options.graph,
      },
      RUNNER_ORIGIN,
    );
    doc.on('update', () => {
      updates += 1;
    });
    writer = createRunWriter(doc, { coalesceMs: options.writer.coalesceMs });
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await executeRun({
    graph: options.graph,
    inputs: {},
    callModel: options.callModel,
    writer,
    signal: new AbortController().signal,
    concurrency: options.concurrency,
    maxSteps: 100_000,
    now: Date.now,
  });
  writer.dispose();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, outcome, updates };
}
