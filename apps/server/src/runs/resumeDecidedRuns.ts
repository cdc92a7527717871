import type { RunApprovalsRepo, RunJob } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger';

export const APPROVAL_RESUME_QUEUE = 'synapse-approval-resume';
/** Every minute: a run stranded by a lost resume job waits at most about a minute more. */
export const APPROVAL_RESUME_CRON = '* * * * *';
/** A run queued again this long ago (a decision, an ended child run) and still unclaimed gets its job again. */
export const APPROVAL_RESUME_GRACE_MS = 60_000;

/** What the queue is asked to do: send a run job under a job id (a second send with that id adds nothing). */
export type EnqueueRunJob = (job: RunJob, options: { id: string }) => Promise<void>;

export interface ResumeCheckDeps {
  approvals: Pick<RunApprovalsRepo, 'listUnclaimedResumes'>;
  enqueue: EnqueueRunJob;
  now: () => number;
  logger: Logger;
}

/**
 * A decision (or a sub-workflow child's ending, ADR 0024) commits the run as queued, recording the resume
 * job id on the run row, then sends that job: a process that dies (or a send that fails) between the two
 * leaves the run queued with no job (and the approver's retry is told "already decided"). This pass sends
 * the recorded job again for every such run queued longer than the grace period and still unclaimed — the
 * very id that was sent, so it is a no-op when the first send did arrive, and never a second live job
 * beside it (a claim clears the id). Returns how many runs it sent a job for.
 */
export async function resumeDecidedRuns(deps: ResumeCheckDeps): Promise<number> {
  const stranded = await deps.approvals.listUnclaimedResumes(deps.now() - APPROVAL_RESUME_GRACE_MS);
  for (const run of stranded)
    await deps.enqueue({ runId: run.runId, workspaceId: run.workspaceId }, { id: run.jobId });
  if (stranded.length > 0)
    deps.logger.info({ runs: stranded.map((r) => r.runId) }, 'sent the resume job of queued runs again');
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
