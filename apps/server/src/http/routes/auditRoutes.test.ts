import { ErrorCodes } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';

interface Page {
  events: { id: number; kind: string; actorId: string }[];
  nextBefore: number | null;
}

describe('audit routes', () => {
  let t: TestApp;
  let owner: TestClient;
  let editor: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, editor, viewer } = await t.team());
  }, TEST_APP_TIMEOUT_MS);
  afterAll(() => t.close());

  const page = async (query: string) => {
    const response = await owner.request(`/api/workspaces/default/audit${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };

  it('shows an owner what happened, newest first, filtered by kind prefix and actor', async () => {
    const all = await page('');
    expect(all.events.length).toBeGreaterThanOrEqual(4);
    expect(all.nextBefore).toBeNull();
    const ids = all.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const invites = await page('?kind=invite.');
    expect(invites.events.length).toBe(2);
    expect(invites.events.every((e) => e.kind.startsWith('invite.'))).toBe(true);
    const byOwner = await page(`?actor=${owner.id}`);
    expect(byOwner.events.length).toBeGreaterThan(0);
    expect(byOwner.events.every((e) => e.actorId === owner.id)).toBe(true);
  });

  it('pages with `before`', async () => {
    const first = await page('?limit=1');
    expect(first.events).toHaveLength(1);
    expect(first.nextBefore).toBe(first.events[0]?.id);
    const second = await page(`?limit=1&before=${first.nextBefore}`);
    expect(second.events[0]?.id).toBeLessThan(first.events[0]?.id ?? 0);
  });

  it.each(['?limit=0', '?limit=501', '?kind=Key', '?since=-1'])('answers 400 to %s', async (query) => {
    const response = await owner.request(`/api/workspaces/default/audit${query}`);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('is for owners only', async () => {
    for (const client of [editor, viewer]) {
      const response = await client.request('/api/workspaces/default/audit');
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
    expect((await t.request('/api/workspaces/default/audit')).status).toBe(401);
  });
});
