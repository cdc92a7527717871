// Presence names are the account's: a member whose client claims to be someone else in awareness is
// shown to collaborators under their own name.
import { workflowDocName } from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../support/openDoc';

const DOC = workflowDocName('default', 'presence');

let stack: Stack;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  ada = await stack.users.signUp({ name: 'Ada Lovelace' });
  bob = await stack.users.signUp({
    name: 'Bob Hopper',
    inviteToken: await stack.users.invite(ada, 'default', 'editor'),
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('presence names', () => {
  it('are pinned to the signed-in account, whatever the client claims', async () => {
    const a = openDoc(stack.syncUrl, DOC, () => ada.syncToken());
    const b = openDoc(stack.syncUrl, DOC, () => bob.syncToken());
    await Promise.all([a.synced(), b.synced()]);
    const peer = () => {
      const states = a.provider.awareness?.getStates();
      return states?.get(b.doc.clientID) as
        | { user?: { name?: string; color?: string }; cursor?: unknown }
        | undefined;
    };

    // Bob's client pretends to be Ada; the other fields are his to set.
    b.provider.awareness?.setLocalState({
      user: { name: 'Ada Lovelace', color: '#123456' },
      cursor: { x: 1, y: 2 },
    });
    await eventually(() => peer()?.cursor !== undefined, 'Ada to see Bob’s presence');
    expect(peer()).toEqual({ user: { name: 'Bob Hopper', color: '#123456' }, cursor: { x: 1, y: 2 } });

    // A state without a user gets one, with the account's name.
    b.provider.awareness?.setLocalState({ cursor: { x: 3, y: 4 } });
    await eventually(() => (peer()?.cursor as { x?: number } | undefined)?.x === 3, 'the next update');
    expect(peer()).toEqual({ user: { name: 'Bob Hopper' }, cursor: { x: 3, y: 4 } });

    a.destroy();
    b.destroy();
  });
});
