import { describe, expect, it } from 'vitest';
import { parseRoute } from './parseRoute';

describe('parseRoute', () => {
  it.each([
    ['/', { name: 'list', workspaceId: 'default' }],
    ['/w/team', { name: 'list', workspaceId: 'team' }],
    ['/w/team/', { name: 'list', workspaceId: 'team' }],
    ['/w/team/flow1', { name: 'editor', workspaceId: 'team', workflowId: 'flow1' }],
    ['/w/team/settings/members', { name: 'settings', workspaceId: 'team', tab: 'members' }],
    ['/w/team/settings/keys', { name: 'settings', workspaceId: 'team', tab: 'keys' }],
    ['/w/team/settings/secrets', { name: 'settings', workspaceId: 'team', tab: 'secrets' }],
    ['/w/team/settings/audit', { name: 'settings', workspaceId: 'team', tab: 'audit' }],
    ['/w/team/settings/sso', { name: 'settings', workspaceId: 'team', tab: 'sso' }],
    ['/w/team/settings/other', { name: 'not-found', path: '/w/team/settings/other' }],
    ['/w/team/memory', { name: 'memory', workspaceId: 'team' }],
    ['/w/team/memory/', { name: 'memory', workspaceId: 'team' }],
    ['/w/team/tools', { name: 'tools', workspaceId: 'team' }],
    ['/login', { name: 'login' }],
    [
      '/invite/abcdefghijklmnopqrstuvwxyz012345',
      { name: 'invite', token: 'abcdefghijklmnopqrstuvwxyz012345' },
    ],
    ['/invite/short', { name: 'not-found', path: '/invite/short' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });
});
