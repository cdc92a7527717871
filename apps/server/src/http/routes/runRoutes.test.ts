import { ErrorCodes, runDocName } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface RunBody {
  run: { id: string; status: string; workflowId: string; documentName: string };
}

describe('run routes', () => {
  const t = useTeamApp({ workflow: true });

  const runs = () => `/api/workspaces/default/workflows/${t.workflowId}/runs`;
  const start = async (client = t.editor) => {
    const response = await client.request(runs(), { body: { inputs: {} } });
    expect(response.status).toBe(202);
    return ((await response.json()) as RunBody).run;
  };

  it('starts a run for an editor: queued, with a job for the runner', async () => {
    const run = await start();
    expect(run).toMatchObject({
      status: 'queued',
      workflowId: t.workflowId,
      documentName: runDocName('default', run.id),
    });
    expect(t.jobs.map((j) => j.runId)).toContain(run.id);
  });

  it('starts a run without a body', async () => {
    const response = await t.editor.request(runs(), { method: 'POST' });
    expect(response.status).toBe(202);
  });

  it('lists and reads runs for a viewer', async () => {
    const run = await start();
    const list = await t.viewer.request(runs());
    expect(list.status).toBe(200);
    const { runs: listed } = (await list.json()) as { runs: { id: string }[] };
    expect(listed.map((r) => r.id)).toContain(run.id);
    const one = await t.viewer.request(`/api/workspaces/default/runs/${run.id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as RunBody).run.id).toBe(run.id);
  });

  it('cancels a queued run once; a second cancel is 409', async () => {
    const run = await start();
    const path = `/api/workspaces/default/runs/${run.id}/cancel`;
    expect((await t.viewer.request(path, { method: 'POST' })).status).toBe(403);
    const cancelled = await t.editor.request(path, { method: 'POST' });
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as RunBody).run.status).toBe('cancelled');
    const again = await t.editor.request(path, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe(ErrorCodes.runFinished);
  });

  it('refuses viewers (403) and the signed out (401)', async () => {
    const refused = await t.viewer.request(runs(), { body: { inputs: {} } });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    const anonymous = await t.request(runs(), { body: { inputs: {} } });
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe(ErrorCodes.unauthorized);
    expect((await t.request(runs())).status).toBe(401);
  });

  it('answers 400 to inputs that are not strings', async () => {
    const response = await t.editor.request(runs(), { body: { inputs: { topic: 42 } } });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 404 to an unknown workflow or run', async () => {
    const workflow = await t.editor.request('/api/workspaces/default/workflows/nope/runs', { body: {} });
    expect(workflow.status).toBe(404);
    expect(await errorCode(workflow)).toBe(ErrorCodes.notFound);
    for (const [method, path] of [
      ['GET', '/api/workspaces/default/runs/nope'],
      ['POST', '/api/workspaces/default/runs/nope/cancel'],
    ] as const) {
      const response = await t.editor.request(path, { method });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe(ErrorCodes.notFound);
    }
  });
});
