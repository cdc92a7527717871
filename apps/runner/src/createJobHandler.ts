import type {
  CheckpointRepo,
  NodeCheckpoint,
  RunApprovalsRepo,
  RunJob,
  RunRow,
  RunsRepo,
  SubworkflowRunsRepo,
  VersionRepo,
} from '@synapse/db';
import {
  checkRunnable,
  isTerminalRunStatus,
  normalizeGraph,
  RUNNER_ORIGIN,
  type RunStatus,
  runDocName,
  updateRunMeta,
  type WorkflowGraph,
} from '@synapse/schema';
import type { Logger } from 'pino';
import type { CallModel, NodeMemory, NodeToolbox } from './callModel';
import { cancelChildRuns } from './cancelChildRuns';
import { createApprovalGate } from './createApprovalGate';
import type { Semaphore } from './createSemaphore';
import { createSubworkflowGate, resumeParentOf, type SubworkflowGateDeps } from './createSubworkflowGate';
import { type ExecuteRunOptions, executeRun } from './executeRun';
import { completeRunDocument, finalizeRun, type RunEnding } from './finalizeRun';
import type { NodeHttp } from './http/NodeHttp';
import type { RunDocument } from './openRunDocument';
import { watchRun } from './watchRun';

/** What one run calls: its model calls and its workspace's tools and memory, built once for the run. */
export interface RunServices {
  callModel: CallModel;
  toolbox?: NodeToolbox;
  memory?: NodeMemory;
  http?: NodeHttp;
}

export interface JobHandlerOptions {
  runs: RunsRepo;
  versions: Pick<VersionRepo, 'get'>;
  checkpoints: Pick<CheckpointRepo, 'list' | 'save'>;
  /** Names this runner as the lease owner of the runs it claims. */
  runnerId: string;
  openDocument(documentName: string): Promise<RunDocument>;
  /** Called once per run, so per-run state (keys read, secrets decrypted) lives exactly one run. */
  servicesFor(run: RunRow): RunServices;
  /** The runs executing here by id; cancels (and shutdown) abort their controllers. */
  active: Map<string, AbortController>;
  metrics: { activeRuns(delta: number): void; runFinished(status: string): void };
  logger: Logger;
  now(): number;
  /** Nodes of one run executing at once. */
  nodeConcurrency: number;
  /** Node slots shared by every run of this runner. */
  runnerSlots?: Semaphore;
  maxSteps?: number;
  estimateCost?: ExecuteRunOptions['estimateCost'];
  /** How often a running run checks it still holds its lease (default 2 s). */
  fenceCheckMs?: number;
  /**
   * Human approvals (ADR 0023): where requests and decisions live, and how a timeout is scheduled (a
   * delayed run job). Without them an approval node fails with `synapse.approval.unavailable`.
   */
  approvals?: {
    repo: Pick<RunApprovalsRepo, 'request' | 'park' | 'decide'>;
    scheduleTimeout(job: RunJob, at: number): Promise<void>;
  };
  /**
   * Sub-workflow runs (ADR 0024): child runs are created and queued here, and a parked parent is queued
   * again when its child ends. Needs `approvals` (a parent parks as an approval does); without both a
   * Sub-workflow node fails with `synapse.subworkflow.unavailable`.
   */
  subworkflows?: Omit<SubworkflowGateDeps, 'openDocument' | 'now' | 'links'> & {
    links: Pick<
      SubworkflowRunsRepo,
      'createChild' | 'childOf' | 'ancestry' | 'resumeParent' | 'activeChildren' | 'cancelledChildren'
    >;
    /** Aborts a child run on the runner holding it, when its parent ended without succeeding. */
    notifyCancel(runId: string): Promise<void>;
  };
}

/** The runner is stopping: the run is left to be resumed elsewhere, not marked finished. */
export class RunInterrupted extends Error {
  constructor() {
    super('the runner stopped before the run finished; it will be resumed');
    this.name = 'RunInterrupted';
  }
}

/** A crashed run's ending is written with a short acknowledgement wait: the connection may be the cause. */
const CRASH_ACK_TIMEOUT_MS = 5000;

/**
 * One run job's lifecycle: claim (fencing out any earlier runner) → open the run document → execute →
 * finalize the row and then the document (`finalizeRun`). A throw hands the job back to pg-boss, whose
 * redelivery resumes the run from its checkpoints, or — when the row had already ended — completes the
 * document from the row.
 */
export function createJobHandler(options: JobHandlerOptions): (job: RunJob) => Promise<void> {
  const { runs, metrics, now } = options;
  const subworkflows = options.subworkflows && options.approvals ? options.subworkflows : undefined;
  /**
   * After a run ended: a run that did not succeed cancels its active child runs (ADR 0024; `repair` also
   * completes the documents of children a crashed earlier attempt cancelled), and a child run queues its
   * parked parent. Idempotent, so a redelivered job of the ended run does it all again; the parent is
   * resumed even when cancelling a child failed (that failure is thrown after, for the redelivery).
   */
  async function settleEnded(run: RunRow, repair: boolean): Promise<number> {
    if (!subworkflows) return 0;
    try {
      if (run.status === 'succeeded') return 0;
      return await cancelChildRuns({ ...subworkflows, runs, openDocument: options.openDocument, now }, run, {
        repair,
      });
    } finally {
      await resumeParentOf({ ...subworkflows, now }, run);
    }
  }

  /** A redelivered job of a run that already ended: finish the document if a crash left it behind. */
  async function completeEnded(runId: string): Promise<void> {
    const row = await runs.get(runId);
    // Never claimed (cancelled while queued, or unknown): the server wrote the document itself.
    if (!row || row.startedAt === null || !isTerminalRunStatus(row.status as RunStatus)) return;
    const document = await options.openDocument(runDocName(row.workspaceId, row.id));
    try {
      if (await completeRunDocument(row, document))
        options.logger.warn(
          { runId },
          'completed the run document of a run whose runner stopped while ending it',
        );
    } finally {
      await document.close();
    }
    const cancelled = await settleEnded(row, true);
    if (cancelled > 0) options.logger.info({ runId, cancelled }, 'cancelled the child runs of the ended run');
  }

  return async function handle(job: RunJob): Promise<void> {
    // A timeout coming due decides `timeout` unless someone decided first; only a waiting run resumes.
    if (job.approvalTimeout) {
      if (!options.approvals) return;
      const { outcome } = await options.approvals.repo.decide(job.runId, job.approvalTimeout.nodeId, {
        decision: 'timeout',
        decidedAt: now(),
      });
      if (outcome !== 'resume') return;
    }
    const claim = await runs.claim(job.runId, options.runnerId, now());
    if (!claim) return completeEnded(job.runId);
    const { run, token, resumed } = claim;
    const version = await options.versions.get(run.versionId);
    if (!version) throw new Error(`run ${run.id}: version ${run.versionId} is missing`);
    // If the document cannot be opened the job fails and pg-boss retries it; nothing is counted as active.
    const document = await options.openDocument(runDocName(run.workspaceId, run.id));
    const controller = new AbortController();
    options.active.set(run.id, controller);
    metrics.activeRuns(1);
    const log = options.logger.child({ runId: run.id, workflowId: run.workflowId, token });
    const watch = watchRun({
      runs,
      runId: run.id,
      token,
      deadlineAt: run.deadlineAt,
      controller,
      now,
      ...(options.fenceCheckMs !== undefined ? { fenceCheckMs: options.fenceCheckMs } : {}),
      onError: (error) => log.warn({ err: error }, 'fence check failed'),
    });
    // A cancel requested before this runner listened (or while no runner held the run) still applies.
    if (run.cancelRequestedAt !== null) controller.abort('cancelled');
    const startedAt = run.startedAt ?? now();
    const approvals = options.approvals;
    const gate = approvals
      ? createApprovalGate({
          runId: run.id,
          workspaceId: run.workspaceId,
          approvals: approvals.repo,
          writer: document,
          scheduleTimeout: approvals.scheduleTimeout,
          now,
        })
      : undefined;
    const subworkflowGate = subworkflows
      ? createSubworkflowGate(
          { ...subworkflows, openDocument: options.openDocument, now },
          { run, writer: document },
        )
      : undefined;
    let services: RunServices | undefined;
    // Built on first use, inside the handler's try: a throw there fails the run like any crash.
    const servicesOnce = (): RunServices => {
      services ??= options.servicesFor(run);
      return services;
    };
    /**
     * Runs the checked graph; null when another runner fenced this one out, 'parked' when the run now
     * waits for a decision with no runner holding it. A decision that lands while this runner still
     * holds the run is taken up at once (the park finds it and the run goes on from its checkpoints).
     */
    const execute = async (
      graph: WorkflowGraph,
      firstReused: NodeCheckpoint[],
    ): Promise<RunEnding | 'parked' | null> => {
      let reused = firstReused;
      for (;;) {
        const outcome = await runOnce(graph, reused);
        if (controller.signal.reason === 'shutdown') throw new RunInterrupted();
        if (controller.signal.reason === 'fenced') return null;
        if (outcome.status !== 'waiting') return endingOf(outcome);
        // The document says waiting before the row does: a decision after the park queues the run, and
        // the next runner's 'running' must not be overwritten by this one's 'waiting'.
        document.update((doc) => updateRunMeta(doc, { status: 'waiting' }, RUNNER_ORIGIN));
        await document.whenAcknowledged();
        const parked = await (approvals as NonNullable<typeof approvals>).repo.park(
          run.id,
          token,
          outcome.waiting,
          now(),
        );
        if (parked === 'fenced') return null;
        if (parked === 'parked') return 'parked';
        // Cancelled while this runner held it: run once more with the signal aborted, so every node not
        // finished (the waiting ones too) ends cancelled, as on any cancel.
        if (parked === 'cancelled') controller.abort('cancelled');
        document.update((doc) => updateRunMeta(doc, { status: 'running' }, RUNNER_ORIGIN));
        reused = await options.checkpoints.list(run.id);
      }
    };
    const runOnce = (graph: WorkflowGraph, reused: NodeCheckpoint[]) =>
      executeRun({
        graph,
        inputs: run.inputs,
        ...servicesOnce(),
        ...(gate ? { approvals: gate } : {}),
        ...(subworkflowGate ? { subworkflows: subworkflowGate } : {}),
        writer: document,
        signal: controller.signal,
        concurrency: options.nodeConcurrency,
        runnerSlots: options.runnerSlots,
        checkpoints: new Map(reused.map((c) => [c.nodeId, c])),
        checkpoint: (c) => options.checkpoints.save(run.id, token, c),
        maxSteps: options.maxSteps,
        estimateCost: options.estimateCost,
        now,
      });
    const endingOf = (outcome: Awaited<ReturnType<typeof executeRun>>): RunEnding => ({
      status: outcome.status as RunEnding['status'],
      finishedAt: now(),
      error: outcome.error,
      usage: {
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        costUsd: outcome.costUsd,
      },
      totals: {
        inputTokens: outcome.inputTokens,
        outputTokens: outcome.outputTokens,
        nodesSucceeded: outcome.nodesSucceeded,
        nodesFailed: outcome.nodesFailed,
      },
    });
    try {
      let ending: RunEnding | 'parked' | null;
      let crashed = false;
      try {
        document.update((doc) => updateRunMeta(doc, { status: 'running', startedAt }, RUNNER_ORIGIN));
        const reused = resumed ? await options.checkpoints.list(run.id) : [];
        log.info({ resumed, reusedNodes: reused.length }, resumed ? 'run resumed' : 'run started');
        // The frozen version is checked again with the contract intake used (a run version holds the
        // valid graph already; a saved one holds the document as it was): a version written by another
        // server version, or tampered with in the database, fails here instead of half-running.
        const check = checkRunnable(normalizeGraph(version.graph), run.inputs);
        if (check.ok) ending = await execute(check.graph, reused);
        else {
          log.warn({ code: check.code, issues: check.issues }, 'the frozen version is not runnable');
          ending = { status: 'failed', finishedAt: now(), error: `${check.code}: ${check.message}` };
        }
      } catch (error) {
        // pg-boss re-delivers the job; the next runner reuses the checkpoints.
        if (error instanceof RunInterrupted) throw error;
        log.error({ err: error }, 'run crashed');
        crashed = true;
        ending = {
          status: 'failed',
          finishedAt: now(),
          error: error instanceof Error ? error.message : String(error),
        };
      }
      if (ending === 'parked') {
        log.info({ ms: now() - startedAt }, 'run waits (an approval or a child run); the job ends');
        return;
      }
      if (
        ending === null ||
        !(await finalizeRun({
          runs,
          runId: run.id,
          token,
          document,
          ending,
          ...(crashed ? { ackTimeoutMs: CRASH_ACK_TIMEOUT_MS } : {}),
        }))
      ) {
        log.warn('another runner took over this run; stopping without further writes');
        return;
      }
      metrics.runFinished(ending.status);
      log.info({ status: ending.status, ms: ending.finishedAt - startedAt }, 'run finished');
      const cancelled = await settleEnded({ ...run, status: ending.status }, false);
      if (cancelled > 0) log.info({ cancelled }, 'cancelled the child runs of the ended run');
    } finally {
      watch.stop();
      options.active.delete(run.id);
      metrics.activeRuns(-1);
      await document.close();
    }
  };
}
