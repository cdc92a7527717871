import type { NodeCheckpoint } from '@synapse/db';
import {
  ErrorCodes,
  type GraphEdge,
  type GraphNode,
  getNodeOutputText,
  isExecutableNodeType,
  type NodeRunStatus,
  RUNNER_ORIGIN,
  readNodeRunStatuses,
  referenceTargets,
  updateNodeRun,
  type WorkflowGraph,
} from '@synapse/schema';
import { type CallModel, errorCodeOf, type NodeMemory, type NodeToolbox } from './callModel';
import type { RunWriter } from './createRunWriter';
import type { Semaphore } from './createSemaphore';
import type { NodeHttp } from './http/NodeHttp';
import type { ApprovalGate, NodeResult, RunNodeContext, SubworkflowGate } from './RunNodeContext';
import { runNode } from './runNode';

export interface RunOutcome {
  /** `waiting`: everything that could run did, and Human approval nodes (`waiting`) wait for a decision. */
  status: 'succeeded' | 'failed' | 'cancelled' | 'waiting';
  /** The approval nodes the run waits on (empty unless `waiting`). */
  waiting: string[];
  error: string | null;
  outputs: Record<string, string>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  nodesSucceeded: number;
  nodesFailed: number;
}

export interface ExecuteRunOptions {
  graph: WorkflowGraph;
  /** Run inputs with Input-node defaults applied. */
  inputs: Record<string, string>;
  callModel: CallModel;
  /** The workspace's tools for this run (resolved once per run: secrets are decrypted once). */
  toolbox?: NodeToolbox;
  /** The workspace memory bank as this run reads and writes it. */
  memory?: NodeMemory;
  /** The guarded fetch and the workspace's secrets, for HTTP request nodes. */
  http?: NodeHttp;
  /** Where Human approval nodes ask (ADR 0023). */
  approvals?: ApprovalGate;
  /** Where Sub-workflow nodes start their child runs (ADR 0024). */
  subworkflows?: SubworkflowGate;
  writer: RunWriter;
  /**
   * Aborted on cancel (reason 'cancelled'), deadline ('deadline'), a lost lease ('fenced') or the runner
   * stopping ('shutdown', the run is resumed elsewhere).
   */
  signal: AbortSignal;
  /** Nodes of this run executing at once. */
  concurrency: number;
  /** Slots shared by every run of this runner. */
  runnerSlots?: Semaphore;
  /** Nodes finished by an earlier runner of this run: reused, never called again. */
  checkpoints?: ReadonlyMap<string, NodeCheckpoint>;
  /** Persists a finished node; false means this runner was fenced out and must stop. */
  checkpoint?(c: NodeCheckpoint): Promise<boolean>;
  /** Most node executions plus model attempts a run may take. */
  maxSteps?: number;
  estimateCost?(
    provider: string,
    model: string,
    usage: { inputTokens: number; outputTokens: number },
  ): number | null;
  now(): number;
}

const FINISHED: readonly NodeRunStatus[] = ['succeeded', 'failed', 'skipped', 'cancelled'];

/**
 * Ready-queue (Kahn) scheduling: a node starts as soon as every predecessor finished. It runs when at
 * least one incoming edge is live; a failed or cancelled predecessor skips it, and so does a join whose
 * every path is an untaken router branch — so nothing waits on a branch that will never run.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  const { graph, writer, signal } = options;
  // What {{nodes.<name>.output}} names: keys, and the ids of workflows from before keys.
  const refs = referenceTargets(graph);
  const nodes = new Map(graph.nodes.filter((n) => isExecutableNodeType(n.type)).map((n) => [n.id, n]));
  const incoming = new Map<string, GraphEdge[]>([...nodes.keys()].map((id) => [id, []]));
  const outgoing = new Map<string, GraphEdge[]>([...nodes.keys()].map((id) => [id, []]));
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    incoming.get(e.target)?.push(e);
    outgoing.get(e.source)?.push(e);
  }
  const successors = new Map(
    [...outgoing].map(([id, edges]) => [id, [...new Set(edges.map((e) => e.target))]]),
  );
  const waitingOn = new Map(
    [...incoming].map(([id, edges]) => [id, new Set(edges.map((e) => e.source)).size]),
  );
  const results = new Map<string, NodeResult>();
  /** Skipped node → the failed node it was skipped for (absent for an untaken router branch). */
  const blame = new Map<string, string>();
  // Statuses only: a whole readRun (outputs, the graph normalised again) would cost more than the run.
  const before = readNodeRunStatuses(writer.doc);
  const statusBefore = (id: string) => before.get(id) ?? null;
  const outcome: RunOutcome = {
    status: 'succeeded',
    error: null,
    waiting: [],
    outputs: {},
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    nodesSucceeded: 0,
    nodesFailed: 0,
  };
  let steps = 0;
  const maxSteps = options.maxSteps ?? 2000;
  const stepGuard = new AbortController();
  const runSignal = AbortSignal.any([signal, stepGuard.signal]);
  const countStep = () => {
    steps += 1;
    if (steps > maxSteps) stepGuard.abort('max_steps');
  };

  /** What every node's context holds, built once per run. */
  const shared: Omit<RunNodeContext, 'upstream' | 'restarted'> = {
    outputs: outcome.outputs,
    refs,
    inputs: options.inputs,
    callModel: options.callModel,
    ...(options.toolbox ? { toolbox: options.toolbox } : {}),
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.http ? { http: options.http } : {}),
    ...(options.approvals ? { approvals: options.approvals } : {}),
    ...(options.subworkflows ? { subworkflows: options.subworkflows } : {}),
    writer,
    signal: runSignal,
    onAttempt: countStep,
    estimateCost: options.estimateCost,
    now: options.now,
  };

  const ready: string[] = [];
  const running = new Set<Promise<void>>();
  /** Wakes the scheduler when a node settles: one waiter, instead of a race over every running node. */
  let wake: (() => void) | null = null;
  // Set from node callbacks, so declared wide: TypeScript would narrow a plain `= null` to never below.
  let crashed = null as { error: unknown } | null;
  const settled = (task: Promise<void>) => {
    running.delete(task);
    const resume = wake;
    wake = null;
    resume?.();
  };

  const release = (id: string) => {
    for (const next of successors.get(id) ?? []) {
      const left = (waitingOn.get(next) ?? 0) - 1;
      waitingOn.set(next, left);
      if (left === 0) ready.push(next);
    }
  };

  const record = (id: string, result: NodeResult) => {
    results.set(id, result);
    const failed = result.status === 'skipped' ? failedUpstream(id) : null;
    if (failed !== null) blame.set(id, failed);
    if (result.status === 'succeeded') {
      outcome.outputs[id] = result.output;
      outcome.nodesSucceeded += 1;
    }
    if (result.status === 'failed') outcome.nodesFailed += 1;
    outcome.inputTokens += result.inputTokens;
    outcome.outputTokens += result.outputTokens;
    if (result.costUsd === null) outcome.costUsd = null;
    else if (outcome.costUsd !== null) outcome.costUsd += result.costUsd;
    release(id);
  };

  const settleWithout = (
    id: string,
    status: 'skipped' | 'cancelled' | 'failed',
    error: string,
    code?: string,
  ) => {
    const now = options.now();
    const result: NodeResult = {
      status,
      output: '',
      branch: null,
      attempt: 0,
      provider: null,
      model: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      error,
      errorCode: code ?? null,
      startedAt: null,
      finishedAt: now,
    };
    writer.patchNode(id, { status, finishedAt: now, error, ...(code ? { errorCode: code } : {}) });
    return persist(id, result);
  };

  /** Synchronous unless there is a checkpoint to wait for: each promise handed back costs the node ticks. */
  const persist = (id: string, result: NodeResult): Promise<void> | undefined => {
    // Not finished: nothing downstream is released and nothing is checkpointed until it is decided.
    if (result.status === 'waiting') {
      results.set(id, result);
      outcome.waiting.push(id);
      return;
    }
    record(id, result);
    if (!options.checkpoint || result.status === 'cancelled') return;
    return options.checkpoint({ nodeId: id, ...stripCode(result) }).then((kept) => {
      if (!kept) stepGuard.abort('fenced');
    });
  };

  /**
   * The failed (or cancelled) node that keeps `id` from running: a direct predecessor, or the one a
   * predecessor was skipped for — so a whole chain below a failure names the node that failed.
   */
  const failedUpstream = (id: string): string | null => {
    for (const e of incoming.get(id) ?? []) {
      const status = results.get(e.source)?.status;
      if (status === 'failed' || status === 'cancelled') return e.source;
      const behind = blame.get(e.source);
      if (behind !== undefined) return behind;
    }
    return null;
  };

  /** Which incoming edges carry data: from a succeeded node, and for routers only the taken branch. */
  const liveSources = (id: string): string[] => {
    const live = new Set<string>();
    for (const e of incoming.get(id) ?? []) {
      const source = results.get(e.source);
      if (source?.status !== 'succeeded') continue;
      if (source.branch !== null && e.sourceHandle !== source.branch) continue;
      live.add(e.source);
    }
    return [...live].sort();
  };

  const start = (id: string) => {
    const node = nodes.get(id) as GraphNode;
    const reused = options.checkpoints?.get(id);
    if (reused && reused.status !== 'cancelled') {
      const result: NodeResult = { ...reused, errorCode: null };
      restoreInDocument(writer, id, reused, statusBefore(id));
      record(id, result);
      return;
    }
    const task = (async () => {
      if (runSignal.aborted) return settleAborted(id, runSignal.reason);
      const failed = failedUpstream(id);
      if (failed !== null) {
        const label = nodes.get(failed)?.data.label || failed;
        return settleWithout(id, 'skipped', `skipped: ${label} failed`, ErrorCodes.runUpstreamFailed);
      }
      const live = liveSources(id);
      const hasInputs = (incoming.get(id)?.length ?? 0) > 0;
      if (hasInputs && live.length === 0)
        return settleWithout(
          id,
          'skipped',
          'not on the branch the router took',
          ErrorCodes.runBranchNotTaken,
        );
      // Taken without yielding when free, so the node's first writes join the launch transaction.
      const slots = options.runnerSlots;
      const releaseSlot = slots ? (slots.tryAcquire() ?? (await slots.acquire())) : () => {};
      try {
        if (runSignal.aborted) return settleAborted(id, runSignal.reason);
        countStep();
        // A node that was waiting for a decision is asked again, not restarted.
        const was = statusBefore(id);
        const restarted = was !== null && was !== 'queued' && was !== 'waiting';
        const result = await runNode(node, {
          ...shared,
          upstream: live.map((p) => outcome.outputs[p] ?? '').join('\n\n'),
          restarted,
        });
        if (result.status === 'cancelled') return settleAborted(id, runSignal.reason, result);
        return persist(id, result);
      } finally {
        releaseSlot();
      }
    })();
    const done = () => settled(tracked);
    const tracked: Promise<void> = task.then(done, async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      try {
        await settleWithout(id, 'failed', message, errorCodeOf(error));
      } catch (broken) {
        // A node's bookkeeping broke (a checkpoint write threw): the run fails with that error.
        crashed ??= { error: broken };
      }
      done();
    });
    running.add(tracked);
  };

  const settleAborted = (id: string, reason: unknown, partial?: NodeResult) => {
    const { status, message, code } = describeAbort(reason);
    // A fenced-out runner no longer owns the document: it stops without writing anything more.
    if (reason === 'fenced')
      return record(id, { ...(partial ?? emptyResult(options.now())), status: 'failed' });
    if (status === 'cancelled') {
      const now = options.now();
      writer.patchNode(id, { status: 'cancelled', finishedAt: now });
      record(id, { ...(partial ?? emptyResult(now)), status: 'cancelled', finishedAt: now });
      return;
    }
    return settleWithout(id, status, message, code);
  };

  for (const [id, count] of waitingOn) if (count === 0) ready.push(id);
  ready.sort();
  while (ready.length > 0 || running.size > 0) {
    if (crashed) throw crashed.error;
    // Nodes that start together write their first states (running, resolved input) as one transaction:
    // one update for every watcher instead of two per node, off the critical path of the next level.
    if (ready.length > 0 && running.size < options.concurrency) {
      writer.batch(() => {
        while (ready.length > 0 && running.size < options.concurrency) start(ready.shift() as string);
      });
    }
    if (running.size > 0)
      await new Promise<void>((resume) => {
        wake = resume;
      });
  }
  if (crashed) throw crashed.error;

  if (runSignal.aborted) {
    const { status, message } = describeAbort(runSignal.reason);
    outcome.status = status === 'cancelled' ? 'cancelled' : 'failed';
    outcome.error = status === 'cancelled' ? null : message;
  } else if (outcome.nodesFailed > 0) {
    outcome.status = 'failed';
    const failed = [...results]
      .filter(([, r]) => r.status === 'failed')
      .map(([id]) => nodes.get(id)?.data.label || id);
    outcome.error = `${failed.length} ${failed.length === 1 ? 'node' : 'nodes'} failed: ${failed.join(', ')}`;
  } else if (outcome.waiting.length > 0) {
    outcome.status = 'waiting';
  }
  // A run that ended (failed, cancelled) asks nobody any more: its pending approvals end with it.
  if (outcome.status !== 'waiting' && runSignal.reason !== 'fenced' && runSignal.reason !== 'shutdown')
    for (const id of outcome.waiting.splice(0))
      writer.patchNode(id, {
        status: 'skipped',
        finishedAt: options.now(),
        error: 'the run ended before a decision',
      });
  // Whoever reads the document next (finalizeRun, a test) sees every node's last state.
  writer.flush();
  return outcome;
}

function emptyResult(now: number): NodeResult {
  return {
    status: 'cancelled',
    output: '',
    branch: null,
    attempt: 0,
    provider: null,
    model: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    error: null,
    errorCode: null,
    startedAt: null,
    finishedAt: now,
  };
}

function stripCode(result: NodeResult): Omit<NodeCheckpoint, 'nodeId'> {
  const { errorCode: _code, ...rest } = result;
  return { ...rest, status: result.status as NodeCheckpoint['status'] };
}

/** A node finished by an earlier runner: make sure the document shows what the checkpoint holds. */
function restoreInDocument(
  writer: RunWriter,
  id: string,
  c: NodeCheckpoint,
  current: NodeRunStatus | null,
): void {
  if (current && FINISHED.includes(current) && getNodeOutputText(writer.doc, id)?.toString() === c.output)
    return;
  writer.update((doc) => {
    updateNodeRun(doc, id, { status: c.status, attempt: c.attempt, finishedAt: c.finishedAt }, RUNNER_ORIGIN);
  });
  writer.replaceOutput(id, c.output);
}

export function describeAbort(reason: unknown): {
  status: 'cancelled' | 'failed';
  message: string;
  code: string;
} {
  if (reason === 'deadline')
    return { status: 'failed', message: 'the run deadline passed', code: ErrorCodes.runDeadline };
  if (reason === 'max_steps')
    return {
      status: 'failed',
      message: 'the run took more steps than allowed',
      code: ErrorCodes.runMaxSteps,
    };
  if (reason === 'shutdown')
    return { status: 'cancelled', message: 'the runner stopped', code: ErrorCodes.runInterrupted };
  if (reason === 'fenced')
    return { status: 'failed', message: 'another runner took over this run', code: ErrorCodes.runFenced };
  return { status: 'cancelled', message: 'cancelled', code: ErrorCodes.runCancelled };
}
