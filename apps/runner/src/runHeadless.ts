import {
  checkRunnable,
  initRunDoc,
  type NodeRunStatus,
  RUNNER_ORIGIN,
  type RunSnapshot,
  readRun,
  type WorkflowGraph,
} from '@synapse/schema';
import * as Y from 'yjs';
import type { CallModel } from './callModel';
import { createRunWriter } from './createRunWriter';
import { executeRun, type RunOutcome } from './executeRun';
import type { NodeHttp } from './http/NodeHttp';
import type { ApprovalGate, SubworkflowGate } from './RunNodeContext';

export interface HeadlessRunOptions {
  graph: WorkflowGraph;
  inputs: Record<string, string>;
  callModel: CallModel;
  /** Outbound requests and secrets for HTTP request nodes; absent: such nodes fail. */
  http?: NodeHttp;
  signal?: AbortSignal;
  concurrency?: number;
  estimateCost?: Parameters<typeof executeRun>[0]['estimateCost'];
  /** Where Human approval nodes ask (`synapse run`: the terminal, or `--approve`). */
  approvals?: ApprovalGate;
  /** Where Sub-workflow nodes run their child (`synapse run`: the file's bundled graphs, in-process). */
  subworkflows?: SubworkflowGate;
  /** Called whenever a node changes status (for progress output). */
  onNodeStatus?(nodeId: string, label: string, status: NodeRunStatus): void;
  now?: () => number;
}

export type HeadlessRunResult =
  | {
      ok: true;
      outcome: RunOutcome;
      run: RunSnapshot;
      outputs: { nodeId: string; label: string; text: string }[];
    }
  | { ok: false; message: string };

/**
 * Runs a workflow in this process with no server: the same executor and run document layout, kept in
 * memory. For scripts and CI (`synapse run`); the run is not stored anywhere.
 */
export async function runHeadless(options: HeadlessRunOptions): Promise<HeadlessRunResult> {
  const check = checkRunnable(options.graph, options.inputs);
  if (!check.ok) return { ok: false, message: check.message };
  const labels = new Map(check.graph.nodes.map((n) => [n.id, n.data.label || n.id]));

  const now = options.now ?? Date.now;
  const doc = new Y.Doc();
  initRunDoc(
    doc,
    {
      runId: 'local',
      workflowId: 'local',
      versionId: 'local',
      requestedBy: 'cli',
      createdAt: now(),
      graph: check.graph,
    },
    RUNNER_ORIGIN,
  );
  const seen = new Map<string, NodeRunStatus>();
  const onUpdate = () => {
    for (const [id, state] of Object.entries(readRun(doc)?.nodes ?? {})) {
      if (seen.get(id) === state.status) continue;
      seen.set(id, state.status);
      if (state.status !== 'queued') options.onNodeStatus?.(id, labels.get(id) ?? id, state.status);
    }
  };
  if (options.onNodeStatus) doc.on('afterTransaction', onUpdate);
  const writer = createRunWriter(doc, { coalesceMs: 0 });
  try {
    const outcome = await executeRun({
      graph: check.graph,
      inputs: check.inputs,
      callModel: options.callModel,
      ...(options.http ? { http: options.http } : {}),
      writer,
      signal: options.signal ?? new AbortController().signal,
      concurrency: options.concurrency ?? 4,
      estimateCost: options.estimateCost,
      ...(options.approvals ? { approvals: options.approvals } : {}),
      ...(options.subworkflows ? { subworkflows: options.subworkflows } : {}),
      now,
    });
    writer.dispose();
    const run = readRun(doc) as RunSnapshot;
    const outputNodes = check.graph.nodes.filter((n) => n.type === 'output');
    const sinks = outputNodes.length > 0 ? outputNodes : sinksOf(check.graph);
    const outputs = sinks
      .filter((n) => run.nodes[n.id]?.status === 'succeeded')
      .map((n) => ({ nodeId: n.id, label: labels.get(n.id) ?? n.id, text: run.nodes[n.id]?.output ?? '' }));
    return { ok: true, outcome, run, outputs };
  } finally {
    doc.off('afterTransaction', onUpdate);
    writer.dispose();
  }
}

/** Executable nodes nothing depends on: the results when a workflow has no Output node. */
function sinksOf(graph: WorkflowGraph) {
  const sources = new Set(graph.edges.map((e) => e.source));
  return graph.nodes.filter((n) => n.type !== 'note' && !sources.has(n.id));
}
