import { describe, expect, it } from 'vitest';
import { createTestVersion, unique } from './repoSuiteFixtures';
import { createRunApprovalsRepo } from './runApprovalsRepo';
import { createRunsRepo } from './runsRepo';
import type { Database } from './Sql';
import { useMigratedDatabase } from './useMigratedDatabase';

/** Human approvals: parking a run, the first decision winning, the resume and its moved deadline. */
export function defineRunApprovalsSuite(name: string, open: () => Promise<Database>): void {
  describe(`run approvals: ${name}`, () => {
    const db = useMigratedDatabase(open);

    async function claimedRun() {
      const runs = createRunsRepo(db());
      const workflowId = unique('wf');
      const version = await createTestVersion(db(), workflowId);
      const id = unique('run');
      await runs.create({
        id,
        workspaceId: unique('ws'),
        workflowId,
        versionId: version.id,
        requestedBy: 'alice',
        inputs: {},
        createdAt: 1000,
        deadlineAt: 10_000,
      });
      const claim = await runs.claim(id, 'runner-a', 1100);
      return { runs, id, token: claim!.token };
    }

    it('parks a run, resumes it on the first decision with its deadline moved, refuses a second', async () => {
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      expect((await approvals.decide(id, 'gate', { decision: 'approved', decidedAt: 1 })).outcome).toBe(
        'not_pending',
      );
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: 2000, timeoutAt: null });
      // Asking again (a resumed runner) keeps the first request.
      expect(
        (await approvals.request({ runId: id, nodeId: 'gate', requestedAt: 9, timeoutAt: 5 })).requestedAt,
      ).toBe(2000);
      expect(await approvals.park(id, token + 1, ['gate'], 2000)).toBe('fenced');
      expect(await approvals.park(id, token, ['gate'], 2000)).toBe('parked');
      expect((await runs.get(id))?.status).toBe('waiting');
      expect(await runs.listOverdue(1_000_000)).not.toContainEqual(expect.objectContaining({ id }));

      const first = await approvals.decide(id, 'gate', {
        decision: 'approved',
        value: 'edited',
        decidedBy: 'bob',
        decidedByName: 'Bob',
        decidedAt: 5000,
      });
      expect(first.outcome).toBe('resume');
      expect(first.approval).toMatchObject({ decision: 'approved', value: 'edited', decidedByName: 'Bob' });
      const row = await runs.get(id);
      expect(row).toMatchObject({ status: 'queued', deadlineAt: 13_000 });
      const second = await approvals.decide(id, 'gate', { decision: 'rejected', decidedAt: 6000 });
      expect(second).toMatchObject({ outcome: 'already_decided', approval: { decision: 'approved' } });
      expect((await runs.claim(id, 'runner-b', 7000))?.resumed).toBe(true);
    });

    it('lists the runs a decision queued again that no runner has claimed since, with the job it sent', async () => {
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      // Far in the future, past the other tests' decisions, which share this database.
      const at = 9_000_000_000_000;
      const mine = async (before: number) =>
        (await approvals.listUnclaimedResumes(before)).filter((r) => r.runId === id);
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: at, timeoutAt: null });
      await approvals.park(id, token, ['gate'], at);
      expect(await mine(at + 10)).toEqual([]);
      const { resumeJobId } = await approvals.decide(id, 'gate', { decision: 'approved', decidedAt: at + 5 });
      expect(resumeJobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await mine(at + 4)).toEqual([]);
      expect(await mine(at + 5)).toEqual([
        { runId: id, workspaceId: (await runs.get(id))?.workspaceId, jobId: resumeJobId },
      ]);
      await runs.claim(id, 'runner-b', at + 6);
      expect(await mine(at + 10)).toEqual([]);
    });

    it('re-sends the job of the decision that queued the run, not of a later one recorded while queued', async () => {
      // Parked on two approvals; the first decision queues the run and sends its job; the second lands
      // while the run is still queued (runners backed up) and is only recorded. The check must send the
      // first decision's job again — a job under the second's id would be a second live job.
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      const at = 9_100_000_000_000;
      for (const nodeId of ['a1', 'a2'])
        await approvals.request({ runId: id, nodeId, requestedAt: at, timeoutAt: null });
      expect(await approvals.park(id, token, ['a1', 'a2'], at)).toBe('parked');
      const first = await approvals.decide(id, 'a1', { decision: 'approved', decidedAt: at + 1 });
      const second = await approvals.decide(id, 'a2', { decision: 'approved', decidedAt: at + 2 });
      expect([first.outcome, second.outcome]).toEqual(['resume', 'recorded']);
      expect(second.resumeJobId).toBeUndefined();
      const listed = (await approvals.listUnclaimedResumes(at + 10)).filter((r) => r.runId === id);
      expect(listed.map((r) => r.jobId)).toEqual([first.resumeJobId]);
      // The next resume of the run (after a claim and another park) gets a job id of its own.
      const claim = await runs.claim(id, 'runner-b', at + 3);
      await approvals.request({ runId: id, nodeId: 'a3', requestedAt: at + 4, timeoutAt: null });
      expect(await approvals.park(id, claim!.token, ['a3'], at + 4)).toBe('parked');
      const third = await approvals.decide(id, 'a3', { decision: 'approved', decidedAt: at + 5 });
      expect(third.resumeJobId).toBeDefined();
      expect(third.resumeJobId).not.toBe(first.resumeJobId);
    });

    it('records a decision made while the runner still holds the run, so it does not park', async () => {
      const { id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: 2000, timeoutAt: 3000 });
      expect((await approvals.decide(id, 'gate', { decision: 'timeout', decidedAt: 3000 })).outcome).toBe(
        'recorded',
      );
      expect(await approvals.park(id, token, ['gate'], 3001)).toBe('decided');
      expect(await approvals.list(id)).toEqual([
        expect.objectContaining({ nodeId: 'gate', decision: 'timeout' }),
      ]);
    });

    it('does not park a run whose cancel was requested while its runner held it', async () => {
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: 2000, timeoutAt: null });
      // The runner still holds the run: the cancel only asks (its notice may reach the runner too late).
      expect(await runs.requestCancel(id, 2500)).toEqual({ status: 'running' });
      expect(await approvals.park(id, token, ['gate'], 2600)).toBe('cancelled');
      expect((await runs.get(id))?.status).toBe('running');
    });

    it('cancels a waiting run on the spot, after which nobody can decide', async () => {
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: 2000, timeoutAt: null });
      await approvals.park(id, token, ['gate'], 2000);
      expect(await runs.requestCancel(id, 2500)).toEqual({ status: 'cancelled' });
      expect((await approvals.decide(id, 'gate', { decision: 'approved', decidedAt: 2600 })).outcome).toBe(
        'not_pending',
      );
    });
  });
}
