import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Page {
  events: { id: number; kind: string; actorId: string }[];
  nextBefore: number | null;
}

describe('audit routes', () => {
  const t = useTeamApp();

  const page = async (query: string) => {
    const response = await t.owner.request(`/api/workspaces/default/audit${query}`);
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
    const byOwner = await page(`?actor=${t.owner.id}`);
    expect(byOwner.events.length).toBeGreaterThan(0);
    expect(byOwner.events.every((e) => e.actorId === t.owner.id)).toBe(true);
  });

  it('pages with `before`', async () => {
    const first = await page('?limit=1');
    expect(first.events).toHaveLength(1);
    expect(first.nextBefore).toBe(first.events[0]?.id);
    const second = await page(`?limit=1&before=${first.nextBefore}`);
    expect(second.events[0]?.id).toBeLessThan(first.events[0]?.id ?? 0);
  });

  it.each(['?limit=0', '?limit=501', '?kind=Key', '?since=-1'])('answers 400 to %s', async (query) => {
    const response = await t.owner.request(`/api/workspaces/default/audit${query}`);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('is for owners only', async () => {
    for (const client of [t.editor, t.viewer]) {
      const response = await client.request('/api/workspaces/default/audit');
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
    expect((await t.request('/api/workspaces/default/audit')).status).toBe(401);
  });
});
