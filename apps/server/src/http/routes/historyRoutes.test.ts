import { ErrorCodes } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';

interface Page {
  runs: { id: string; workflowId: string; status: string }[];
  next: string | null;
}

describe('history routes', () => {
  let t: TestApp;
  let owner: TestClient;
  let viewer: TestClient;
  let first: string;
  let second: string;
  const started: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, viewer } = await t.team());
    first = await t.workflow(owner);
    second = await t.workflow(owner);
    for (const workflowId of [first, first, second]) {
      const response = await owner.request(`/api/workspaces/default/workflows/${workflowId}/runs`, {
        body: {},
      });
      started.push(((await response.json()) as { run: { id: string } }).run.id);
    }
  }, TEST_APP_TIMEOUT_MS);
  afterAll(() => t.close());

  const page = async (query = '') => {
    const response = await viewer.request(`/api/workspaces/default/runs${query}`);
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

  it.each(['?before=yesterday', '?status=done', '?limit=0', '?from=-5'])(
    'answers 400 to %s',
    async (query) => {
      const response = await viewer.request(`/api/workspaces/default/runs${query}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
    },
  );

  it('answers 401 signed out and 403 outside the workspace', async () => {
    expect((await t.request('/api/workspaces/default/runs')).status).toBe(401);
    const outsider = await owner.request('/api/workspaces/elsewhere/runs');
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });
});
