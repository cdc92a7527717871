import { createHash } from 'node:crypto';
import type { RunApprovalsRepo, RunJob } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger';

export const APPROVAL_RESUME_QUEUE = 'synapse-approval-resume';
/** Every minute: a run stranded by a lost resume job waits at most about a minute more. */
export const APPROVAL_RESUME_CRON = '* * * * *';
/** A decision this old whose run no runner has claimed gets its resume job sent again. */
export const APPROVAL_RESUME_GRACE_MS = 60_000;

/** What the queue is asked to do: send a run job under a job id (a second send with that id adds nothing). */
export type EnqueueRunJob = (job: RunJob, options: { id: string }) => Promise<void>;

/**
 * The resume job's id: the same for every send of one decision's resume (a UUID derived from the run, node
 * and decision time), so pg-boss keeps one job however often it is sent — by the decision itself, then by
 * every check that finds the run not yet claimed — and a later decision on the same run gets a new one.
 */
export function approvalResumeJobId(runId: string, nodeId: string, decidedAt: number): string {
  const hex = createHash('sha256')
    .update(`synapse/approval-resume\0${runId}\0${nodeId}\0${decidedAt}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ResumeCheckDeps {
  approvals: Pick<RunApprovalsRepo, 'listUnclaimedResumes'>;
  enqueue: EnqueueRunJob;
  now: () => number;
  logger: Logger;
}

/**
 * A decision commits the run as queued, then sends its resume job: a server that dies between the two
 * leaves the run queued with no job (and the approver's retry is told "already decided"). This pass sends
 * the job again for every run queued by a decision older than the grace period and still unclaimed; the
 * job id makes it a no-op when the first send did arrive. Returns how many runs it sent a job for.
 */
export async function resumeDecidedRuns(deps: ResumeCheckDeps): Promise<number> {
  const stranded = await deps.approvals.listUnclaimedResumes(deps.now() - APPROVAL_RESUME_GRACE_MS);
  for (const run of stranded) {
    await deps.enqueue(
      { runId: run.runId, workspaceId: run.workspaceId },
      { id: approvalResumeJobId(run.runId, run.nodeId, run.decidedAt) },
    );
  }
  if (stranded.length > 0)
    deps.logger.info({ runs: stranded.map((r) => r.runId) }, 'sent the resume job of decided runs again');
  return stranded.length;
}

/** The check on pg-boss, like the prune jobs: a queue, a cron schedule, a worker; and once at start. */
export async function scheduleApprovalResumeCheck(queue: PgBoss, deps: ResumeCheckDeps): Promise<void> {
  const options = { retryLimit: 1, retryDelay: 30, expireInSeconds: 5 * 60 };
  if (await queue.getQueue(APPROVAL_RESUME_QUEUE)) await queue.updateQueue(APPROVAL_RESUME_QUEUE, options);
  else await queue.createQueue(APPROVAL_RESUME_QUEUE, options);
  await queue.schedule(APPROVAL_RESUME_QUEUE, APPROVAL_RESUME_CRON, null);
  await queue.work(APPROVAL_RESUME_QUEUE, async () => ({ sent: await resumeDecidedRuns(deps) }));
  await queue.send(APPROVAL_RESUME_QUEUE, null);
}
