import type { DocRef } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { type Access, authorize, type MembershipLookup } from './authorize';
import { ANONYMOUS, type Principal, RUNNER_SERVICE } from './Principal';

const members: MembershipLookup = {
  roleOf: (user, ws) =>
    ws !== 'w1'
      ? null
      : user === 'owner'
        ? 'owner'
        : user === 'editor'
          ? 'editor'
          : user === 'viewer'
            ? 'viewer'
            : null,
};
const user = (id: string): Principal => ({ kind: 'user', id, name: id });
const docs: Record<string, DocRef> = {
  index: { kind: 'index', workspaceId: 'w1' },
  workflow: { kind: 'workflow', workspaceId: 'w1', workflowId: 'f' },
  run: { kind: 'run', workspaceId: 'w1', runId: 'r' },
  otherWorkspace: { kind: 'workflow', workspaceId: 'w2', workflowId: 'f' },
};

// principal × document → access; every cell is asserted.
const matrix: [string, Principal, Record<keyof typeof docs, Access>][] = [
  ['anonymous', ANONYMOUS, { index: 'none', workflow: 'none', run: 'none', otherWorkspace: 'none' }],
  ['non-member', user('stranger'), { index: 'none', workflow: 'none', run: 'none', otherWorkspace: 'none' }],
  ['viewer', user('viewer'), { index: 'read', workflow: 'read', run: 'read', otherWorkspace: 'none' }],
  ['editor', user('editor'), { index: 'write', workflow: 'write', run: 'read', otherWorkspace: 'none' }],
  ['owner', user('owner'), { index: 'write', workflow: 'write', run: 'read', otherWorkspace: 'none' }],
  ['runner', RUNNER_SERVICE, { index: 'read', workflow: 'read', run: 'write', otherWorkspace: 'read' }],
];

describe('authorize', () => {
  describe.each(matrix)('%s', (_name, principal, expected) => {
    it.each(Object.keys(docs) as (keyof typeof docs)[])('document %s', (doc) => {
      expect(authorize(principal, { kind: 'document', doc: docs[doc] as DocRef }, members)).toBe(
        expected[doc],
      );
    });
  });

  it('lets only writers start work in a workspace', () => {
    const write = { kind: 'workspace', workspaceId: 'w1', action: 'write' } as const;
    expect(authorize(user('editor'), write, members)).toBe('write');
    expect(authorize(user('viewer'), write, members)).toBe('none');
    expect(authorize(user('stranger'), write, members)).toBe('none');
    expect(authorize(ANONYMOUS, write, members)).toBe('none');
    expect(authorize(user('viewer'), { ...write, action: 'read' }, members)).toBe('read');
  });

  it('lets only owners administer a workspace', () => {
    const admin = { kind: 'workspace', workspaceId: 'w1', action: 'admin' } as const;
    expect(authorize(user('owner'), admin, members)).toBe('write');
    expect(authorize(user('editor'), admin, members)).toBe('none');
    expect(authorize(user('viewer'), admin, members)).toBe('none');
    expect(authorize(RUNNER_SERVICE, admin, members)).toBe('none');
    expect(authorize(user('owner'), { ...admin, workspaceId: 'w2' }, members)).toBe('none');
  });

  it('refuses password sessions, and only them, in a workspace that requires single sign-on', () => {
    const ssoOnly: MembershipLookup = { ...members, requiresSso: (ws) => ws === 'w1' };
    const via = (v: 'password' | 'sso' | undefined): Principal => ({
      kind: 'user',
      id: 'owner',
      name: 'o',
      via: v,
    });
    const workflow = { kind: 'document', doc: docs.workflow as DocRef } as const;
    const admin = { kind: 'workspace', workspaceId: 'w1', action: 'admin' } as const;
    expect(authorize(via('password'), workflow, ssoOnly)).toBe('none');
    expect(authorize(via('password'), admin, ssoOnly)).toBe('none');
    expect(authorize(via('sso'), workflow, ssoOnly)).toBe('write');
    expect(authorize(via('sso'), admin, ssoOnly)).toBe('write');
    // No session (an owner's API token): not a password sign-in.
    expect(authorize(via(undefined), workflow, ssoOnly)).toBe('write');
    expect(authorize(via('password'), workflow, members)).toBe('write');
  });
});
