import { describe, expect, it } from 'vitest';
import { createTestVersion, unique } from './repoSuiteFixtures';
import { createRunApprovalsRepo } from './runApprovalsRepo';
import { createCheckpointRepo } from './runCheckpoints';
import { createRunsRepo } from './runsRepo';
import type { Database } from './Sql';
import { createSubworkflowRunsRepo } from './subworkflowRunsRepo';
import { useMigratedDatabase } from './useMigratedDatabase';

/** Sub-workflow runs (ADR 0024): one child per node, the links up the chain, the parent's resume. */
export function defineSubworkflowRunsSuite(name: string, open: () => Promise<Database>): void {
  describe(`sub-workflow runs: ${name}`, () => {
    const db = useMigratedDatabase(open);

    /** A parent run claimed by a runner, with its workflow's version to give children. */
    async function claimedParent() {
      const runs = createRunsRepo(db());
      const workflowId = unique('wf');
      const version = await createTestVersion(db(), workflowId);
      const id = unique('parent');
      await runs.create({
        id,
        workspaceId: 'ws-1',
        workflowId,
        versionId: version.id,
        requestedBy: 'alice',
        inputs: {},
        createdAt: 1000,
        deadlineAt: 10_000,
      });
      const claim = await runs.claim(id, 'runner-a', 1100);
      return { runs, id, workflowId, versionId: version.id, token: claim!.token };
    }

    const childOf = (p: { id: string; workflowId: string; versionId: string }, nodeId: string) => ({
      id: unique('child'),
      workspaceId: 'ws-1',
      workflowId: `${p.workflowId}-child`,
      versionId: p.versionId,
      requestedBy: 'alice',
      inputs: { topic: 'tides' },
      createdAt: 2000,
      deadlineAt: 20_000,
      versionSource: 'version' as const,
      versionName: 'Release 1',
      parentRunId: p.id,
      parentNodeId: nodeId,
    });

    it('starts one child per node, linked to its parent and named as called by it', async () => {
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const first = await links.createChild(childOf(parent, 'call'));
      expect(first.created).toBe(true);
      expect(first.run).toMatchObject({
        status: 'queued',
        parentRunId: parent.id,
        parentNodeId: 'call',
        trigger: `subworkflow:${parent.id}`,
        versionSource: 'version',
        versionName: 'Release 1',
        inputs: { topic: 'tides' },
      });
      // A resumed runner asking again (with a fresh id) finds the first child, never a second one.
      const again = await links.createChild(childOf(parent, 'call'));
      expect(again).toEqual({ run: first.run, created: false });
      expect(await links.childOf(parent.id, 'call')).toEqual(first.run);
      expect(await links.childOf(parent.id, 'other')).toBeNull();
      expect((await links.activeChildren(parent.id)).map((r) => r.id)).toEqual([first.run.id]);
    });

    it('walks the links up to the root', async () => {
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const { run: child } = await links.createChild(childOf(parent, 'call'));
      const { run: grandchild } = await links.createChild({
        ...childOf({ ...parent, id: child.id }, 'deeper'),
        workflowId: 'wf-grand',
      });
      expect(await links.ancestry(grandchild.id)).toEqual([
        { runId: parent.id, workflowId: parent.workflowId },
        { runId: child.id, workflowId: child.workflowId },
        { runId: grandchild.id, workflowId: 'wf-grand' },
      ]);
      expect(await links.ancestry('no-such-run')).toEqual([]);
    });

    it('queues a parked parent when its child ends, with its deadline moved, and only then', async () => {
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const approvals = createRunApprovalsRepo(db());
      const { run: child } = await links.createChild(childOf(parent, 'call'));
      expect(await approvals.park(parent.id, parent.token, ['call'], 3000)).toBe('parked');
      // Still running: nothing to resume, and the parent is not stranded.
      expect(await links.resumeParent(child.id, 4000)).toBeNull();
      expect(await links.listStranded()).not.toContainEqual(expect.objectContaining({ runId: parent.id }));

      await parent.runs.update(child.id, { status: 'succeeded', finishedAt: 5000, outputs: { out: 'x' } });
      // A crash here loses the resume: the sweep finds the parent.
      expect(await links.listStranded()).toContainEqual({
        runId: parent.id,
        workspaceId: 'ws-1',
        childRunId: child.id,
      });
      const resumed = await links.resumeParent(child.id, 5000);
      expect(resumed).toEqual({ runId: parent.id, workspaceId: 'ws-1', jobId: expect.any(String) });
      expect(await parent.runs.get(parent.id)).toMatchObject({ status: 'queued', deadlineAt: 12_000 });
      // Once: a second resume (a redelivered child job) queues nothing new; it gets the same job id.
      expect(await links.resumeParent(child.id, 5001)).toEqual(resumed);
      // Claimed: the resume arrived, so nothing is stranded nor sent again.
      await parent.runs.claim(parent.id, 'runner-b', 5100);
      expect(await links.resumeParent(child.id, 5200)).toBeNull();
      expect(await links.listStranded()).not.toContainEqual(expect.objectContaining({ runId: parent.id }));
    });

    it('finds a parent queued by its child but unclaimed (the job send failed), with the same job id', async () => {
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const approvals = createRunApprovalsRepo(db());
      const { run: child } = await links.createChild(childOf(parent, 'call'));
      expect(await approvals.park(parent.id, parent.token, ['call'], 3000)).toBe('parked');
      await parent.runs.update(child.id, { status: 'failed', error: 'boom', finishedAt: 5000 });
      const resumed = await links.resumeParent(child.id, 5000);
      // The send of `resumed.jobId` failed: the parent is queued with no job, and no longer waiting.
      expect(await links.listStranded()).toContainEqual({
        runId: parent.id,
        workspaceId: 'ws-1',
        childRunId: child.id,
      });
      expect(await links.resumeParent(child.id, 6000)).toEqual(resumed);
      // The resume check of the server sends it too: it is the run's recorded resume job.
      expect((await approvals.listUnclaimedResumes(5000)).filter((r) => r.runId === parent.id)).toEqual([
        { runId: parent.id, workspaceId: 'ws-1', jobId: resumed?.jobId },
      ]);
    });

    it("does not send a child's resume for a parent another resume queued", async () => {
      // Parked on an approval and a child: the decision queues the parent first; the child ending while it
      // is queued must not send a second job (the runner that takes the decision's job sees the child).
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const approvals = createRunApprovalsRepo(db());
      const { run: child } = await links.createChild(childOf(parent, 'call'));
      await approvals.request({ runId: parent.id, nodeId: 'gate', requestedAt: 3000, timeoutAt: null });
      expect(await approvals.park(parent.id, parent.token, ['call', 'gate'], 3000)).toBe('parked');
      const decided = await approvals.decide(parent.id, 'gate', { decision: 'approved', decidedAt: 4000 });
      expect(decided.outcome).toBe('resume');
      await parent.runs.update(child.id, { status: 'succeeded', finishedAt: 5000, outputs: {} });
      expect(await links.resumeParent(child.id, 5000)).toBeNull();
      expect(await links.listStranded()).not.toContainEqual(expect.objectContaining({ runId: parent.id }));
    });

    it('does not park a parent whose child already ended, and a consumed child is not stranded', async () => {
      const parent = await claimedParent();
      const links = createSubworkflowRunsRepo(db());
      const approvals = createRunApprovalsRepo(db());
      const { run: child } = await links.createChild(childOf(parent, 'call'));
      await parent.runs.update(child.id, { status: 'failed', error: 'boom', finishedAt: 2500 });
      expect(await approvals.park(parent.id, parent.token, ['call'], 3000)).toBe('decided');
      // A parent parked on another node after taking the child's result (checkpointed) is not stranded.
      await createCheckpointRepo(db()).save(parent.id, parent.token, {
        nodeId: 'call',
        status: 'failed',
        output: '',
        branch: null,
        attempt: 1,
        provider: null,
        model: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        error: 'boom',
        startedAt: 2000,
        finishedAt: 3000,
      });
      expect(await approvals.park(parent.id, parent.token, ['gate'], 3100)).toBe('parked');
      expect(await links.listStranded()).not.toContainEqual(expect.objectContaining({ runId: parent.id }));
    });
  });
}
