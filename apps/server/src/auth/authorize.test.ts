import type { DocRef } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { type Access, authorize, effectiveRole, type MembershipLookup } from './authorize';
import { ANONYMOUS, type Principal, RUNNER_SERVICE, type TokenPrincipal } from './Principal';

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

  it("acts for an API token as its creator's current role capped by its scope, in its own workspace only", () => {
    const token = (creator: string, scope: 'read' | 'run'): Principal => ({
      kind: 'token',
      id: creator,
      name: 'CI',
      tokenId: 't1',
      workspaceId: 'w1',
      scope,
    });
    const on = (action: 'read' | 'write' | 'admin', workspaceId = 'w1') =>
      ({ kind: 'workspace', workspaceId, action }) as const;
    const workflow = { kind: 'document', doc: docs.workflow as DocRef } as const;
    // [creator, scope] → read, write, admin, workflow document
    const cells: [string, 'read' | 'run', Access[]][] = [
      ['owner', 'run', ['read', 'write', 'none', 'write']],
      ['owner', 'read', ['read', 'none', 'none', 'read']],
      ['editor', 'run', ['read', 'write', 'none', 'write']],
      ['viewer', 'run', ['read', 'none', 'none', 'read']],
      ['stranger', 'run', ['none', 'none', 'none', 'none']],
    ];
    for (const [creator, scope, expected] of cells) {
      const p = token(creator, scope);
      expect(
        [
          authorize(p, on('read'), members),
          authorize(p, on('write'), members),
          authorize(p, on('admin'), members),
          authorize(p, workflow, members),
        ],
        `${creator} ${scope}`,
      ).toEqual(expected);
      expect(effectiveRole(p as TokenPrincipal, members)).toBe(
        creator === 'stranger' ? null : scope === 'read' || creator === 'viewer' ? 'viewer' : 'editor',
      );
    }
    // The owner's token reaches nothing of another workspace the owner may be in.
    const everywhere: MembershipLookup = { roleOf: () => 'owner' };
    expect(authorize(token('owner', 'run'), on('read', 'w2'), everywhere)).toBe('none');
    expect(
      authorize(token('owner', 'run'), { kind: 'document', doc: docs.otherWorkspace as DocRef }, everywhere),
    ).toBe('none');
  });
});
