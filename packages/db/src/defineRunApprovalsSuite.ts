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

    it('lists the runs a decision queued again that no runner has claimed since, with that decision', async () => {
      const { runs, id, token } = await claimedRun();
      const approvals = createRunApprovalsRepo(db());
      // Far in the future, past the other tests' decisions, which share this database.
      const at = 9_000_000_000_000;
      const mine = async (before: number) =>
        (await approvals.listUnclaimedResumes(before)).filter((r) => r.runId === id);
      await approvals.request({ runId: id, nodeId: 'gate', requestedAt: at, timeoutAt: null });
      await approvals.park(id, token, ['gate'], at);
      expect(await mine(at + 10)).toEqual([]);
      await approvals.decide(id, 'gate', { decision: 'approved', decidedAt: at + 5 });
      expect(await mine(at + 4)).toEqual([]);
      expect(await mine(at + 5)).toEqual([
        { runId: id, workspaceId: (await runs.get(id))?.workspaceId, nodeId: 'gate', decidedAt: at + 5 },
      ]);
      await runs.claim(id, 'runner-b', at + 6);
      expect(await mine(at + 10)).toEqual([]);
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
