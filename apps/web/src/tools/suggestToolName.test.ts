import { describe, expect, it } from 'vitest';
import { suggestToolName } from './toolsApi';

describe('suggestToolName', () => {
  it('makes a name the MCP endpoint accepts from any workflow name', () => {
    expect(suggestToolName('Weekly Report!')).toBe('weekly_report');
    expect(suggestToolName('Résumé — écrit')).toBe('resume_ecrit');
    expect(suggestToolName('日本語')).toBe('workflow');
    expect(suggestToolName('x'.repeat(100))).toHaveLength(64);
    for (const name of ['  a b  ', '--', 'Code review agent (v2)']) {
      expect(suggestToolName(name)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    }
  });
});
