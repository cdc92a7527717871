// Invite links outlive their creator's authority (issue 17 finding 1): an owner made owner-role links, was
// demoted or removed, and then used a link (or handed it on) to be owner again. An invite is worth what
// its creator may do now.
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  owner = await stack.users.signUp({ name: 'Olive Owner' });
});
afterAll(async () => {
  await stack?.stop();
});

const inviteStatus = async (token: string) => (await fetch(`${stack.url}/api/invites/${token}`)).status;

describe('invites and their creator’s authority', () => {
  it('demoting an owner voids the links they made, for anyone', async () => {
    const deputy = await stack.users.signUp({
      name: 'Deputy',
      inviteToken: await stack.users.invite(owner, 'default', 'owner'),
    });
    const links = [
      await stack.users.invite(deputy, 'default', 'owner'),
      await stack.users.invite(deputy, 'default', 'editor'),
    ];
    expect(await inviteStatus(links[0] as string)).toBe(200);

    const demoted = await owner.request(`/api/workspaces/default/members/${deputy.id}`, {
      method: 'PATCH',
      body: { role: 'viewer' },
    });
    expect(demoted.status).toBe(200);
    for (const link of links) expect(await inviteStatus(link)).toBe(404);
    await expect(stack.users.signUp({ inviteToken: links[0] })).rejects.toThrow(/410/);
    const open = await (await owner.request('/api/workspaces/default/invites')).json();
    expect(open.invites.map((i: { createdBy: string }) => i.createdBy)).not.toContain(deputy.id);
    const audit = await (await owner.request('/api/workspaces/default/audit?kind=invite.revoked')).json();
    expect(audit.events[0]).toMatchObject({ details: { reason: 'creator demoted', count: 2 } });
  });

  it('a removed owner cannot come back through their own link', async () => {
    const leaving = await stack.users.signUp({
      name: 'Leaving Owner',
      inviteToken: await stack.users.invite(owner, 'default', 'owner'),
    });
    const ownLink = await stack.users.invite(leaving, 'default', 'owner');
    expect(
      (await owner.request(`/api/workspaces/default/members/${leaving.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await leaving.request(`/api/invites/${ownLink}/accept`, { method: 'POST' })).status).toBe(404);
    const me = await (await leaving.request('/api/me')).json();
    expect(me.workspaces).not.toContainEqual(expect.objectContaining({ id: 'default' }));
  });

  it('the check is made where the link is used, so a link that escaped revocation is still refused', async () => {
    const raced = await stack.users.signUp({
      name: 'Raced',
      inviteToken: await stack.users.invite(owner, 'default', 'owner'),
    });
    const link = await stack.users.invite(raced, 'default', 'editor');
    // A demotion that did not go through the service (as a concurrent request could interleave).
    await stack.server.database.sql.query(
      "update memberships set role = 'viewer' where workspace_id = 'default' and user_id = $1",
      [raced.id],
    );
    expect(await inviteStatus(link)).toBe(404);
    await expect(stack.users.signUp({ inviteToken: link })).rejects.toThrow(/410/);
  });
});
