import { ErrorCodes } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

interface Created {
  invite: { id: string; role: string };
  token: string;
  path: string;
}

describe('invite routes', () => {
  const t = useTeamApp();

  const invite = async (role: string, client = t.owner) =>
    client.request('/api/workspaces/default/invites', { body: { role } });

  it('lets an owner create and list invites', async () => {
    const response = await invite('editor');
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.invite.role).toBe('editor');
    expect(created.path).toBe(`/invite/${created.token}`);
    const list = await t.owner.request('/api/workspaces/default/invites');
    expect(list.status).toBe(200);
    const { invites } = (await list.json()) as { invites: { id: string }[] };
    expect(invites.map((i) => i.id)).toContain(created.invite.id);
  });

  it('refuses invites to editors and viewers (403) and to the signed out (401)', async () => {
    for (const client of [t.editor, t.viewer]) {
      const response = await invite('viewer', client);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe(ErrorCodes.forbidden);
      expect((await client.request('/api/workspaces/default/invites')).status).toBe(403);
    }
    expect((await t.request('/api/workspaces/default/invites', { body: { role: 'viewer' } })).status).toBe(
      401,
    );
  });

  it('answers 400 to an unknown role or expiry out of range', async () => {
    const role = await invite('admin');
    expect(role.status).toBe(400);
    expect(await errorCode(role)).toBe(ErrorCodes.invalidRequest);
    const expiry = await t.owner.request('/api/workspaces/default/invites', {
      body: { role: 'viewer', expiresInHours: 0 },
    });
    expect(expiry.status).toBe(400);
  });

  it('revokes an invite (then it is gone) and answers 404 to an unknown one', async () => {
    const created = (await (await invite('viewer')).json()) as Created;
    const path = `/api/workspaces/default/invites/${created.invite.id}`;
    expect((await t.editor.request(path, { method: 'DELETE' })).status).toBe(403);
    expect((await t.owner.request(path, { method: 'DELETE' })).status).toBe(204);
    expect((await t.request(`/api/invites/${created.token}`)).status).toBe(404);
    const again = await t.owner.request(path, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe(ErrorCodes.notFound);
  });

  it('describes an open invite to anyone, 404 for an unknown token, 400 for a malformed one', async () => {
    const created = (await (await invite('viewer')).json()) as Created;
    const info = await t.request(`/api/invites/${created.token}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ workspaceName: 'Default workspace', role: 'viewer' });
    const unknown = await t.request(`/api/invites/${'a'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe(ErrorCodes.notFound);
    const malformed = await t.request('/api/invites/short');
    expect(malformed.status).toBe(400);
    expect(await errorCode(malformed)).toBe(ErrorCodes.invalidRequest);
  });

  it('lets a signed-in user accept an invite to another workspace', async () => {
    const created = await t.viewer.request('/api/workspaces', { body: { name: 'Viewer’s own' } });
    const { workspace } = (await created.json()) as { workspace: { id: string } };
    const response = await t.viewer.request(`/api/workspaces/${workspace.id}/invites`, {
      body: { role: 'editor' },
    });
    const { token } = (await response.json()) as Created;
    expect((await t.request(`/api/invites/${token}/accept`, { method: 'POST' })).status).toBe(401);
    const accepted = await t.owner.request(`/api/invites/${token}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({
      workspace: { id: workspace.id, name: 'Viewer’s own', role: 'editor' },
    });
    const used = await t.owner.request(`/api/invites/${token}/accept`, { method: 'POST' });
    expect(used.status).toBe(404);
  });
});
