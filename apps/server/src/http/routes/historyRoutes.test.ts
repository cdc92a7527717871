import { ErrorCodes } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_TIMEOUT_MS } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Page {
  runs: { id: string; workflowId: string; status: string }[];
  next: string | null;
}

describe('history routes', () => {
  const t = useTeamApp();
  let first: string;
  let second: string;
  const started: string[] = [];
  beforeAll(async () => {
    first = await t.workflow(t.owner);
    second = await t.workflow(t.owner);
    for (const workflowId of [first, first, second]) {
      const response = await t.owner.request(`/api/workspaces/default/workflows/${workflowId}/runs`, {
        body: {},
      });
      started.push(((await response.json()) as { run: { id: string } }).run.id);
    }
  }, TEST_APP_TIMEOUT_MS);

  const page = async (query = '') => {
    const response = await t.viewer.request(`/api/workspaces/default/runs${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };

  it('lists the workspace’s runs, filtered by workflow and status', async () => {
    expect((await page()).runs.map((r) => r.id).sort()).toEqual([...started].sort());
    expect((await page(`?workflowId=${first}`)).runs).toHaveLength(2);
    expect((await page('?status=queued')).runs).toHaveLength(3);
    expect((await page('?status=succeeded')).runs).toHaveLength(0);
  });

  it('pages with the `next` cursor', async () => {
    const one = await page('?limit=2');
    expect(one.runs).toHaveLength(2);
    expect(one.next).toMatch(/^\d+:/);
    const two = await page(`?limit=2&before=${encodeURIComponent(one.next ?? '')}`);
    expect(two.runs).toHaveLength(1);
    expect(two.next).toBeNull();
    expect(new Set([...one.runs, ...two.runs].map((r) => r.id)).size).toBe(3);
  });

  it('gives each workflow’s newest run, one per workflow', async () => {
    const response = await t.viewer.request('/api/workspaces/default/latest-runs');
    expect(response.status).toBe(200);
    const { runs } = (await response.json()) as { runs: { id: string; workflowId: string }[] };
    expect(runs.map((r) => r.workflowId).sort()).toEqual([first, second].sort());
    expect(runs.find((r) => r.workflowId === second)?.id).toBe(started[2]);
    // first ran twice: the card shows the later run.
    const firstPage = await page(`?workflowId=${first}`);
    expect(runs.find((r) => r.workflowId === first)?.id).toBe(firstPage.runs[0]?.id);
  });

  it.each(['?before=yesterday', '?status=done', '?limit=0', '?from=-5'])(
    'answers 400 to %s',
    async (query) => {
      const response = await t.viewer.request(`/api/workspaces/default/runs${query}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
    },
  );

  it('answers 401 signed out and 403 outside the workspace', async () => {
    for (const path of ['runs', 'latest-runs']) {
      expect((await t.request(`/api/workspaces/default/${path}`)).status).toBe(401);
      const outsider = await t.owner.request(`/api/workspaces/elsewhere/${path}`);
      expect(outsider.status).toBe(403);
      expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
    }
  });
});
