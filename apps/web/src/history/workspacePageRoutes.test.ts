import { describe, expect, it } from 'vitest';
import { comparePath, parseRoute, runPath, workspacePagePath } from '../routing/parseRoute';

describe('workspace page routes', () => {
  it.each([
    ['/w/team/templates', { name: 'templates', workspaceId: 'team' }],
    ['/w/team/history', { name: 'history', workspaceId: 'team' }],
    ['/w/team/history/', { name: 'history', workspaceId: 'team' }],
    ['/w/team/analytics', { name: 'analytics', workspaceId: 'team' }],
    ['/w/team/health', { name: 'health', workspaceId: 'team' }],
    ['/w/team/history/run1', { name: 'run', workspaceId: 'team', runId: 'run1' }],
    ['/w/team/compare/a1/b2', { name: 'compare', workspaceId: 'team', runA: 'a1', runB: 'b2' }],
    // Other second segments are still workflows.
    ['/w/team/historyx', { name: 'editor', workspaceId: 'team', workflowId: 'historyx' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('builds the paths it parses, encoding ids', () => {
    expect(parseRoute(workspacePagePath('my team', 'analytics'))).toEqual({
      name: 'analytics',
      workspaceId: 'my team',
    });
    expect(parseRoute(runPath('w', 'r/1'))).toEqual({ name: 'run', workspaceId: 'w', runId: 'r/1' });
    expect(parseRoute(comparePath('w', 'a', 'b'))).toEqual({
      name: 'compare',
      workspaceId: 'w',
      runA: 'a',
      runB: 'b',
    });
  });
});
