import type { Sql } from './Sql';

/**
 * SQL for the pg-boss job id (a UUID) of a run's resume, derived from what caused it (`cause`, an SQL text
 * expression): the same for every send of one resume, so pg-boss keeps one job however often it is sent,
 * and a different one for the next resume of the run.
 */
export function resumeJobIdSql(cause: string): string {
  return `md5('synapse/resume:' || ${cause})::uuid::text`;
}

/** The cause of a parent's resume by its ended child run: this prefix and the child's run id. */
export const CHILD_RESUME_CAUSE = 'child:';

/**
 * Queues a waiting run again, under its row lock (the caller holds it): its deadline moves by the time it
 * waited (waiting does not use up the run's time), and the resume job id derived from `cause` is recorded
 * with the time, so a check can send that same job again while no runner has claimed the run (a crash or
 * a failed send between this commit and the send). Returns the job id to send.
 */
export async function requeueWaitingRun(tx: Sql, runId: string, now: number, cause: string): Promise<string> {
  const [row] = await tx.query<{ jobId: string }>(
    `update runs set status = 'queued',
       deadline_at_ms = deadline_at_ms + greatest(0, $2 - coalesce(waiting_since_ms, $2)),
       waiting_since_ms = null,
       resume_job_id = ${resumeJobIdSql('$3::text')}, resume_queued_at_ms = $2
     where id = $1 returning resume_job_id as "jobId"`,
    [runId, now, cause],
  );
  if (!row) throw new Error(`run ${runId} vanished while being queued again`);
  return row.jobId;
}
