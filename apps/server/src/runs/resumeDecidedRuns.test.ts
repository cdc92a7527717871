// A decision whose resume job is lost (the server dies between committing the decision and sending the
// job, simulated by the queue failing that one send) leaves the run queued with no job, and the approver's
// retry is told "already decided". The resume check sends the job again, under the job id the decision
// recorded on the run row, so a real pg-boss (PGlite) holds exactly one resume job however often it runs.
import { createRunApprovalsRepo, createRunsRepo, openJobQueue, RUN_QUEUE, type RunJob } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  TEST_APP_TIMEOUT_MS,
  type TestApp,
  type TestClient,
} from '../http/test/createTestApp';
import { openTestDatabase } from '../http/test/openTestDatabase';
import { parkedRun, seedGatedWorkflow } from '../http/test/seedGatedRun';
import { createLogger } from '../logger';
import { APPROVAL_RESUME_GRACE_MS, type EnqueueRunJob, resumeDecidedRuns } from './resumeDecidedRuns';

const WF = 'gated-resume';
let t: TestApp;
let editor: TestClient;
let queue: PgBoss;
let gateId = '';
let crashNextSend = false;
/** Told the job id of the send that crashed: the check must send exactly that one. */
let onCrashedSend: (id: string) => void = () => undefined;

const send: EnqueueRunJob = async (job, options) => {
  await queue.send(RUN_QUEUE, job, options);
};

beforeAll(async () => {
  const database = await openTestDatabase();
  queue = await openJobQueue(database);
  t = await createTestApp({
    database,
    enqueue: async (job, options) => {
      if (crashNextSend) {
        crashNextSend = false;
        onCrashedSend(options?.id ?? '');
        throw new Error('the server died before the job was sent');
      }
      await queue.send(RUN_QUEUE, job, options ?? {});
    },
  });
  ({ editor } = await t.team());
  gateId = await seedGatedWorkflow(t.sync, WF);
}, TEST_APP_TIMEOUT_MS);
afterAll(async () => {
  await queue?.stop({ graceful: false, close: true, timeout: 2000 });
  await t?.close();
});

/** Takes every run job waiting in the queue, as a runner would (and completes it). */
async function takeJobs(): Promise<{ id: string; data: RunJob }[]> {
  const jobs = await queue.fetch<RunJob>(RUN_QUEUE, { batchSize: 20 });
  for (const job of jobs) await queue.complete(RUN_QUEUE, job.id);
  return jobs;
}

const check = (lateBy = APPROVAL_RESUME_GRACE_MS) =>
  resumeDecidedRuns({
    approvals: createRunApprovalsRepo(t.database.sql),
    enqueue: send,
    now: () => Date.now() + lateBy,
    logger: createLogger({ level: 'silent', pretty: false }),
  });

const approve = () => ({ body: { decision: 'approve' } });

describe('resuming decided runs', () => {
  it('sends the resume job a crash lost, once, and the run resumes on the next check', async () => {
    const runId = await parkedRun(t, editor, WF, gateId);
    await takeJobs(); // the run's start job, which the test's "runner" already handled
    const path = `/api/workspaces/default/runs/${runId}/approvals/gate`;

    let sentId = '';
    crashNextSend = true;
    onCrashedSend = (id) => {
      sentId = id;
    };
    expect((await editor.request(path, approve())).status).toBe(500);
    // The decision is committed and the run queued, but there is no job: the run is stranded.
    expect((await createRunsRepo(t.database.sql).get(runId))?.status).toBe('queued');
    expect(await takeJobs()).toEqual([]);
    expect((await editor.request(path, approve())).status).toBe(409);

    // Within the grace period the check leaves it (its job may just be on its way); after it, it sends it.
    expect(await check(0)).toBe(0);
    expect(await check()).toBe(1);
    expect(await check()).toBe(1);
    const jobs = await takeJobs();
    expect(sentId).not.toBe('');
    expect(jobs.map((j) => [j.id, j.data])).toEqual([[sentId, { runId, workspaceId: 'default' }]]);

    // The runner that takes the job resumes the run; the check then has nothing left to send.
    const claim = await createRunsRepo(t.database.sql).claim(runId, 'runner-b', Date.now());
    expect(claim).toMatchObject({ resumed: true, run: { status: 'running' } });
    expect(await check()).toBe(0);
  });

  it('adds no second job when the decision sent its own', async () => {
    const runId = await parkedRun(t, editor, WF, gateId);
    await takeJobs();
    expect(
      (await editor.request(`/api/workspaces/default/runs/${runId}/approvals/gate`, approve())).status,
    ).toBe(200);
    expect(await check()).toBe(1);
    expect((await takeJobs()).map((j) => j.data.runId)).toEqual([runId]);
    await createRunsRepo(t.database.sql).claim(runId, 'runner-b', Date.now());
  });

  it('re-sends the job of the decision that queued the run, never a second live job', async () => {
    // Parked on two approvals: the first decision queues the run and sends its job; the second lands while
    // the run is still queued (runners backed up past the grace) and is only recorded. The check must send
    // the first job again; one under the second decision would be a second live job, and a second runner
    // claiming the run would cut the first off mid-node.
    const runId = await parkedRun(t, editor, WF, gateId);
    await takeJobs();
    const approvals = createRunApprovalsRepo(t.database.sql);
    await approvals.request({ runId, nodeId: 'second', requestedAt: Date.now(), timeoutAt: null });
    expect(
      (await editor.request(`/api/workspaces/default/runs/${runId}/approvals/gate`, approve())).status,
    ).toBe(200);
    const later = await approvals.decide(runId, 'second', {
      decision: 'approved',
      decidedAt: Date.now() + 5,
    });
    expect(later.outcome).toBe('recorded');
    expect(await check(APPROVAL_RESUME_GRACE_MS + 10)).toBe(1);
    expect(await check(APPROVAL_RESUME_GRACE_MS + 10)).toBe(1);
    expect((await takeJobs()).map((j) => j.data.runId)).toEqual([runId]);
    await createRunsRepo(t.database.sql).claim(runId, 'runner-b', Date.now());
  });
});
