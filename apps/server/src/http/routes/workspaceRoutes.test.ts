import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

describe('workspace routes', () => {
  const t = useTeamApp();

  it('lists the workspaces of the signed-in user, and refuses the signed out', async () => {
    const response = await t.viewer.request('/api/workspaces');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      workspaces: [{ id: 'default', name: 'Default workspace', role: 'viewer' }],
    });
    const anonymous = await t.request('/api/workspaces');
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe(ErrorCodes.unauthorized);
  });

  it('creates a workspace owned by its creator', async () => {
    const response = await t.viewer.request('/api/workspaces', { body: { name: 'Side project' } });
    expect(response.status).toBe(201);
    const { workspace } = (await response.json()) as { workspace: { id: string; role: string } };
    expect(workspace).toMatchObject({ name: 'Side project', role: 'owner' });
    const members = await t.viewer.request(`/api/workspaces/${workspace.id}/members`);
    expect(await members.json()).toMatchObject({ members: [{ userId: t.viewer.id, role: 'owner' }] });
    // The owner of default is no member there.
    const outsider = await t.owner.request(`/api/workspaces/${workspace.id}/members`);
    expect(outsider.status).toBe(403);
    expect(await errorCode(outsider)).toBe(ErrorCodes.forbidden);
  });

  it('answers 400 to a workspace without a name', async () => {
    const response = await t.owner.request('/api/workspaces', { body: { name: '' } });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('lists members to any member', async () => {
    const response = await t.viewer.request('/api/workspaces/default/members');
    expect(response.status).toBe(200);
    const { members } = (await response.json()) as { members: { userId: string; role: string }[] };
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [t.owner.id, 'owner'],
        [t.editor.id, 'editor'],
        [t.viewer.id, 'viewer'],
      ].sort(),
    );
    expect((await t.request('/api/workspaces/default/members')).status).toBe(401);
  });

  it('lets only an owner change a role', async () => {
    const refused = await t.editor.request(`/api/workspaces/default/members/${t.viewer.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    const changed = await t.owner.request(`/api/workspaces/default/members/${t.viewer.id}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ member: { userId: t.viewer.id, role: 'editor' } });
    const back = await t.owner.request(`/api/workspaces/default/members/${t.viewer.id}`, {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    expect(back.status).toBe(200);
  });

  it('answers 400 to an unknown role, 404 to an unknown member, 409 to demoting the last owner', async () => {
    const path = (id: string) => `/api/workspaces/default/members/${id}`;
    const invalid = await t.owner.request(path(t.viewer.id), { method: 'PATCH', body: { role: 'admin' } });
    expect(invalid.status).toBe(400);
    expect(await errorCode(invalid)).toBe(ErrorCodes.invalidRequest);
    const unknown = await t.owner.request(path('nobody'), { method: 'PATCH', body: { role: 'viewer' } });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe(ErrorCodes.notFound);
    const last = await t.owner.request(path(t.owner.id), { method: 'PATCH', body: { role: 'editor' } });
    expect(last.status).toBe(409);
    expect(await errorCode(last)).toBe(ErrorCodes.conflict);
  });

  it('lets a member leave, an owner remove someone, and nobody else remove anyone', async () => {
    const leaver = await t.member(t.owner, 'viewer');
    const removed = await t.member(t.owner, 'editor');
    const path = (id: string) => `/api/workspaces/default/members/${id}`;
    const refused = await t.viewer.request(path(removed.id), { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await leaver.request(path(leaver.id), { method: 'DELETE' })).status).toBe(204);
    expect((await leaver.request('/api/workspaces/default/members')).status).toBe(403);
    expect((await t.owner.request(path(removed.id), { method: 'DELETE' })).status).toBe(204);
    const again = await t.owner.request(path(removed.id), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await t.request(path(t.viewer.id), { method: 'DELETE' })).status).toBe(401);
  });
});
