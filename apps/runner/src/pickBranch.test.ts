import type { RouterBranch } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { pickBranchByLabel, pickBranchByRule } from './pickBranch';

const branches: RouterBranch[] = [
  { id: 'bug', label: 'bug', match: 'contains', value: 'error' },
  { id: 'feat', label: 'feature request', match: 'startsWith', value: 'please add' },
  { id: 'exact', label: 'ok', match: 'equals', value: 'ok' },
  { id: 'other', label: 'other', match: 'else' },
];

describe('pickBranchByRule', () => {
  it('takes the first matching rule, case-insensitively, else the else branch', () => {
    expect(pickBranchByRule(branches, 'An ERROR occurred')?.id).toBe('bug');
    expect(pickBranchByRule(branches, '  Please add dark mode')?.id).toBe('feat');
    expect(pickBranchByRule(branches, ' OK ')?.id).toBe('exact');
    expect(pickBranchByRule(branches, 'ok then')?.id).toBe('other');
  });

  it('returns null when nothing matches and there is no else branch', () => {
    expect(pickBranchByRule(branches.slice(0, 3), 'hello')).toBeNull();
  });

  it('never matches an empty contains value', () => {
    expect(pickBranchByRule([{ id: 'x', label: 'x', match: 'contains', value: '' }], 'abc')).toBeNull();
  });
});

describe('pickBranchByLabel', () => {
  it('prefers an exact answer, then the first whole-word label in the reply', () => {
    expect(pickBranchByLabel(branches, 'Feature request.')?.id).toBe('feat');
    expect(pickBranchByLabel(branches, 'I think this is a bug, not other')?.id).toBe('bug');
    expect(pickBranchByLabel(branches, 'debugging')).toBeNull();
  });
});
