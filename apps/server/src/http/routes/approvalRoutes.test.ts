import { ErrorCodes, readRun, runDocName } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER } from '../../auth/Principal';
import { errorCode } from '../test/requestAs';
import { parkedRun, seedGatedWorkflow } from '../test/seedGatedRun';
import { useTeamApp } from '../test/useTestApp';

// Decisions with app.request(). No runner here: the test plays the runner's part (claim, ask, park)
// through the repositories, then checks what the routes do with the waiting run.
const t = useTeamApp();
const WF = 'gated';
let gateId = '';

beforeAll(async () => {
  gateId = await seedGatedWorkflow(t.sync, WF);
});

/** A run of the gated workflow parked at its gate, as a runner leaves it. */
const waitingRun = () => parkedRun(t, t.editor, WF, gateId);

const decide = (runId: string, body: unknown) => ({
  path: `/api/workspaces/default/runs/${runId}/approvals/gate`,
  init: { body },
});

describe('approval routes', () => {
  it('lets an editor approve a waiting run once: it is queued again, shown, audited; a second decision is 409', async () => {
    const runId = await waitingRun();
    const jobsBefore = t.jobs.length;
    const { path, init } = decide(runId, { decision: 'approve', value: 'final text' });
    expect((await t.viewer.request(path, init)).status).toBe(403);
    const response = await t.editor.request(path, init);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      runId,
      nodeKey: 'gate',
      decision: 'approved',
      resumed: true,
    });
    expect(t.jobs.slice(jobsBefore)).toEqual([{ runId, workspaceId: 'default' }]);
    const [row] = await t.database.sql.query<{ status: string }>('select status from runs where id = $1', [
      runId,
    ]);
    expect(row?.status).toBe('queued');

    const connection = await t.sync.openDirectConnection(runDocName('default', runId), {
      principal: DEV_USER,
      sessionId: null,
    });
    expect(readRun(connection.document!)?.nodes[gateId]?.approval).toMatchObject({
      message: 'Ship it?',
      decision: 'approved',
      decidedByName: expect.any(String),
    });
    await connection.disconnect();
    const audit = await t.database.sql.query<{ kind: string; details: Record<string, unknown> }>(
      `select kind, details from audit_events where kind = 'approval.decided' and target = $1`,
      [runId],
    );
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ decision: 'approved', edited: true }),
    ]);

    const again = await t.editor.request(path, { body: { decision: 'reject' } });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe(ErrorCodes.approvalDecided);
  });

  it('answers 404 for a node that is not waiting and for a node that is not an approval', async () => {
    const started = await t.editor.request(`/api/workspaces/default/workflows/${WF}/runs`, {
      body: { inputs: {} },
    });
    const runId = ((await started.json()) as { run: { id: string } }).run.id;
    const early = await t.editor.request(`/api/workspaces/default/runs/${runId}/approvals/gate`, {
      body: { decision: 'approve' },
    });
    expect(early.status).toBe(404);
    expect(await errorCode(early)).toBe(ErrorCodes.approvalNotPending);
    const other = await t.editor.request(`/api/workspaces/default/runs/${runId}/approvals/nope`, {
      body: { decision: 'approve' },
    });
    expect(other.status).toBe(404);
  });

  it('takes a decision from an API token with run scope, not from a read-only one', async () => {
    const runId = await waitingRun();
    const token = async (scope: 'read' | 'run') => {
      const response = await t.owner.request('/api/workspaces/default/api-tokens', {
        body: { name: `${scope} approvals`, scope },
      });
      return ((await response.json()) as { token: string }).token;
    };
    const post = async (bearer: string) =>
      t.app.request(`/api/v1/runs/${runId}/approvals/gate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'reject', comment: 'not yet' }),
      });
    expect((await post(await token('read'))).status).toBe(403);
    const response = await post(await token('run'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ decision: 'rejected', resumed: true });
  });

  it('cancels a waiting run at once (no runner holds it): row, document and the waiting node', async () => {
    const runId = await waitingRun();
    const cancelled = await t.editor.request(`/api/workspaces/default/runs/${runId}/cancel`, {
      method: 'POST',
    });
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as { run: { status: string } }).run.status).toBe('cancelled');
    const connection = await t.sync.openDirectConnection(runDocName('default', runId), {
      principal: DEV_USER,
      sessionId: null,
    });
    const run = readRun(connection.document!);
    expect(run?.meta.status).toBe('cancelled');
    expect(run?.nodes[gateId]?.status).toBe('cancelled');
    await connection.disconnect();
    const late = await t.editor.request(`/api/workspaces/default/runs/${runId}/approvals/gate`, {
      body: { decision: 'approve' },
    });
    expect(late.status).toBe(404);
  });
});
