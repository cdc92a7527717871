import { describe, expect, it } from 'vitest';
import { indexDocName, isValidId, newId, parseDocName, runDocName, workflowDocName } from './docNames';

describe('ids', () => {
  it('accepts url-safe ids of 1..64 characters', () => {
    expect(isValidId('a')).toBe(true);
    expect(isValidId('A_b-9')).toBe(true);
    expect(isValidId('x'.repeat(64))).toBe(true);
  });

  it.each(['', 'x'.repeat(65), 'a/b', 'a:b', 'a>b', '..', 'a b', 'é'])('rejects %j', (id) => {
    expect(isValidId(id)).toBe(false);
  });

  it('newId makes 21-character valid ids that differ', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toHaveLength(21);
      expect(isValidId(id)).toBe(true);
    }
  });
});

describe('document names', () => {
  it('round-trips every kind', () => {
    expect(parseDocName(workflowDocName('ws1', 'wf1'))).toEqual({
      kind: 'workflow',
      workspaceId: 'ws1',
      workflowId: 'wf1',
    });
    expect(parseDocName(runDocName('ws1', 'r1'))).toEqual({ kind: 'run', workspaceId: 'ws1', runId: 'r1' });
    expect(parseDocName(indexDocName('ws1'))).toEqual({ kind: 'index', workspaceId: 'ws1' });
    expect(workflowDocName('ws1', 'wf1')).toBe('ws/ws1/workflow/wf1');
    expect(runDocName('ws1', 'r1')).toBe('ws/ws1/run/r1');
    expect(indexDocName('ws1')).toBe('ws/ws1/index');
  });

  it('builders throw on invalid ids', () => {
    expect(() => workflowDocName('ws', '')).toThrow(RangeError);
    expect(() => workflowDocName('..', 'x')).toThrow(RangeError);
    expect(() => runDocName('ws', 'a/b')).toThrow(RangeError);
    expect(() => indexDocName('')).toThrow(RangeError);
  });

  it.each([
    'ws/../x',
    'ws/../workflow/x',
    'ws/a/workflow/..',
    'ws//workflow/x',
    'ws/a/workflow/',
    'ws/a/workflow',
    'ws/a/run/r/extra',
    'ws/a/index/extra',
    'ws/a/workflow/x/',
    '/ws/a/index',
    'ws/a/other/x',
    'ws/a',
    'ws',
    '',
    'WS/a/index',
    `ws/${'x'.repeat(65)}/index`,
  ])('parseDocName rejects %j', (name) => {
    expect(parseDocName(name)).toBeNull();
  });
});
