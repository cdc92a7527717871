import { ErrorCodes } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';

describe('workspace routes', () => {
  let t: TestApp;
  let owner: TestClient;
  let editor: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, editor, viewer } = await t.team());
  }, TEST_APP_TIMEOUT_MS);
  afterAll(() => t.close());

  it('lists the workspaces of the signed-in user, and refuses the signed out', async () => {
    const response = await viewer.request('/api/workspaces');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      workspaces: [{ id: 'default', name: 'Default workspace', role: 'viewer' }],
    });
    const anonymous = await t.request('/api/workspaces');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe(ErrorCodes.unauthorized);
  });

  it('creates a workspace owned by its creator', async () => {
    const response = await viewer.request('/api/workspaces', { body: { name: 'Side project' } });
    expect(response.status).toBe(201);
    const { workspace } = (await response.json()) as { workspace: { id: string; role: string } };
    expect(workspace).toMatchObject({ name: 'Side project', role: 'owner' });
    const members = await viewer.request(`/api/workspaces/${workspace.id}/members`);
    expect(await members.json()).toMatchObject({ members: [{ userId: viewer.id, role: 'owner' }] });
    // The owner of default is no member there.
    const outsider = await owner.request(`/api/workspaces/${workspace.id}/members`);
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });

  it('answers 400 to a workspace without a name', async () => {
    const response = await owner.request('/api/workspaces', { body: { name: '' } });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('lists members to any member', async () => {
    const response = await viewer.request('/api/workspaces/default/members');
    expect(response.status).toBe(200);
    const { members } = (await response.json()) as { members: { userId: string; role: string }[] };
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [owner.id, 'owner'],
        [editor.id, 'editor'],
        [viewer.id, 'viewer'],
      ].sort(),
    );
    expect((await t.request('/api/workspaces/default/members')).status).toBe(401);
  });

  it('lets only an owner change a role', async () => {
    const refused = await editor.request(`/api/workspaces/default/members/${viewer.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    const changed = await owner.request(`/api/workspaces/default/members/${viewer.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ member: { userId: viewer.id, role: 'editor' } });
    const back = await owner.request(`/api/workspaces/default/members/${viewer.id}`, {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    expect(back.status).toBe(200);
  });

  it('answers 400 to an unknown role, 404 to an unknown member, 409 to demoting the last owner', async () => {
    const path = (id: string) => `/api/workspaces/default/members/${id}`;
    const invalid = await owner.request(path(viewer.id), { method: 'PATCH', body: { role: 'admin' } });
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe(ErrorCodes.invalidRequest);
    const unknown = await owner.request(path('nobody'), { method: 'PATCH', body: { role: 'viewer' } });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe(ErrorCodes.notFound);
    const last = await owner.request(path(owner.id), { method: 'PATCH', body: { role: 'editor' } });
    expect(last.status).toBe(409);
    expect(await errorCode(last)).toBe(ErrorCodes.conflict);
  });

  it('lets a member leave, an owner remove someone, and nobody else remove anyone', async () => {
    const leaver = await t.member(owner, 'viewer');
    const removed = await t.member(owner, 'editor');
    const path = (id: string) => `/api/workspaces/default/members/${id}`;
    const refused = await viewer.request(path(removed.id), { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await leaver.request(path(leaver.id), { method: 'DELETE' })).status).toBe(204);
    expect((await leaver.request('/api/workspaces/default/members')).status).toBe(403);
    expect((await owner.request(path(removed.id), { method: 'DELETE' })).status).toBe(204);
    const again = await owner.request(path(removed.id), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await t.request(path(viewer.id), { method: 'DELETE' })).status).toBe(401);
  });
});
