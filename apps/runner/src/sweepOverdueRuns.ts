import type { RunJob, RunsRepo, SubworkflowRunsRepo } from '@synapse/db';
import {
  ErrorCodes,
  RUNNER_ORIGIN,
  readRun,
  runDocName,
  updateNodeRun,
  updateRunMeta,
} from '@synapse/schema';
import type { Logger } from 'pino';
import { resumeParentOf } from './createSubworkflowGate';
import type { RunDocument } from './openRunDocument';

export interface SweepOptions {
  runs: Pick<RunsRepo, 'listOverdue' | 'claim' | 'updateFenced'>;
  runnerId: string;
  openDocument(name: string): Promise<RunDocument>;
  /** Runs are swept this long after their deadline, so their own runner gets to fail them first. */
  graceMs: number;
  now(): number;
  logger: Logger;
  /**
   * Sub-workflow runs (ADR 0024): a swept child queues its parked parent, and a parent whose child ended
   * without its resume job arriving (its runner died in between, or the send failed) is queued — or its
   * job sent again, same id — here.
   */
  subworkflows?: {
    links: Pick<SubworkflowRunsRepo, 'resumeParent' | 'listStranded'>;
    enqueue(job: RunJob, jobId?: string): Promise<void>;
  };
}

/**
 * The backstop for "no run stays running forever": a run past its deadline (its runners died and
 * pg-boss gave up, or the job was lost) is claimed — fencing out any zombie — and failed, document first.
 * Unlike `finalizeRun` (row first), there is no job left to redeliver here: the next sweep is the only
 * retry and it finds only rows still active, so a crash between the two steps must leave the row active.
 */
export async function sweepOverdueRuns(options: SweepOptions): Promise<number> {
  const overdue = await options.runs.listOverdue(options.now() - options.graceMs);
  let swept = 0;
  for (const candidate of overdue) {
    const claim = await options.runs.claim(candidate.id, options.runnerId, options.now());
    if (!claim) continue;
    const message = 'the run deadline passed and no runner finished it';
    const writer = await options.openDocument(runDocName(candidate.workspaceId, candidate.id));
    try {
      const at = options.now();
      writer.update((doc) => {
        for (const [nodeId, node] of Object.entries(readRun(doc)?.nodes ?? {})) {
          if (node.status === 'queued' || node.status === 'running')
            updateNodeRun(
              doc,
              nodeId,
              { status: 'failed', finishedAt: at, error: message, errorCode: ErrorCodes.runDeadline },
              RUNNER_ORIGIN,
            );
        }
        updateRunMeta(doc, { status: 'failed', finishedAt: at, error: message }, RUNNER_ORIGIN);
      });
      await writer.whenAcknowledged();
      if (
        await options.runs.updateFenced(candidate.id, claim.token, {
          status: 'failed',
          error: message,
          finishedAt: at,
        })
      ) {
        swept += 1;
        options.logger.warn({ runId: candidate.id }, 'failed an overdue run');
      }
    } finally {
      await writer.close();
    }
    if (options.subworkflows) await resumeParentOf({ ...options.subworkflows, now: options.now }, candidate);
  }
  if (options.subworkflows) await resumeStrandedParents(options, options.subworkflows);
  return swept;
}

async function resumeStrandedParents(
  options: SweepOptions,
  subworkflows: NonNullable<SweepOptions['subworkflows']>,
): Promise<void> {
  for (const stranded of await subworkflows.links.listStranded()) {
    const child = { id: stranded.childRunId, parentRunId: stranded.runId };
    const parent = await resumeParentOf({ ...subworkflows, now: options.now }, child);
    if (!parent) continue;
    options.logger.warn(
      { runId: parent.runId, childRunId: stranded.childRunId },
      'resumed a parent whose ended child had not queued it',
    );
  }
}

/** Sweeps every `intervalMs` (0: never), one sweep at a time, until stopped. */
export function startSweeper(options: SweepOptions & { intervalMs: number }): { stop(): void } {
  if (options.intervalMs <= 0) return { stop: () => undefined };
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepOverdueRuns(options)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'overdue-run sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
