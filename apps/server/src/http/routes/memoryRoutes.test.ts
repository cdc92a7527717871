import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Entry {
  id: string;
  content: string;
  createdBy: string;
}

describe('memory routes', () => {
  const t = useTeamApp();

  const memory = '/api/workspaces/default/memory';
  const add = async (content: string) => {
    const response = await t.editor.request(memory, { body: { content } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { entry: Entry }).entry;
  };
  const list = async (query = '') => {
    const response = await t.viewer.request(`${memory}${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { entries: Entry[] }).entries;
  };

  it('adds entries that members list and search', async () => {
    const entry = await add('The staging database is called hermes.');
    expect(entry).toMatchObject({
      content: 'The staging database is called hermes.',
      createdBy: t.editor.id,
    });
    await add('Deploys happen on Tuesdays.');
    expect((await list()).map((e) => e.id)).toContain(entry.id);
    expect((await list('?q=hermes')).map((e) => e.id)).toEqual([entry.id]);
    expect(await list('?limit=1')).toHaveLength(1);
  });

  it('updates and deletes an entry for an editor; then it is 404', async () => {
    const entry = await add('Draft');
    const path = `${memory}/${entry.id}`;
    const updated = await t.editor.request(path, { method: 'PATCH', body: { content: 'Final' } });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { entry: Entry }).entry.content).toBe('Final');
    expect((await t.editor.request(path, { method: 'DELETE' })).status).toBe(204);
    for (const init of [{ method: 'DELETE' }, { method: 'PATCH', body: { content: 'Again' } }]) {
      const response = await t.editor.request(path, init);
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe(ErrorCodes.notFound);
    }
  });

  it.each([
    ['empty content', { content: '' }],
    ['blank content', { content: '   ' }],
    ['an unknown field', { content: 'x', pinned: true }],
  ])('answers 400 to %s', async (_, body) => {
    const response = await t.editor.request(memory, { body });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 400 to a limit out of range', async () => {
    expect((await t.viewer.request(`${memory}?limit=0`)).status).toBe(400);
  });

  it('refuses changes from viewers (403) and everything to the signed out (401)', async () => {
    const entry = await add('Read only for viewers');
    for (const init of [
      { body: { content: 'x' } },
      { method: 'PATCH', body: { content: 'x' } },
      { method: 'DELETE' },
    ]) {
      const path = init.method ? `${memory}/${entry.id}` : memory;
      const response = await t.viewer.request(path, init);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
    }
    expect((await t.request(memory)).status).toBe(401);
  });
});
