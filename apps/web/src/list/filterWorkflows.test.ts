import type { WorkflowEntry } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { countByFilter, filterWorkflows } from './filterWorkflows';

const entry = (id: string, name: string, archived = false): WorkflowEntry => ({
  id,
  name,
  createdAt: 0,
  updatedAt: 0,
  archived,
});

const entries = [
  entry('a', 'Résumé reviewer'),
  entry('b', 'Blog pipeline'),
  entry('c', 'Old blog pipeline', true),
  entry('d', ''),
];

describe('filterWorkflows', () => {
  it('splits active and archived', () => {
    expect(filterWorkflows(entries, 'active', '', 'Untitled').map((e) => e.id)).toEqual(['a', 'b', 'd']);
    expect(filterWorkflows(entries, 'archived', '', 'Untitled').map((e) => e.id)).toEqual(['c']);
    expect(countByFilter(entries)).toEqual({ active: 3, archived: 1 });
  });

  it('matches every word, ignoring case and accents, and searches the shown name', () => {
    expect(filterWorkflows(entries, 'active', '  RESUME ', 'Untitled').map((e) => e.id)).toEqual(['a']);
    expect(filterWorkflows(entries, 'active', 'pipe blog', 'Untitled').map((e) => e.id)).toEqual(['b']);
    expect(filterWorkflows(entries, 'archived', 'blog', 'Untitled').map((e) => e.id)).toEqual(['c']);
    expect(filterWorkflows(entries, 'active', 'untitled', 'Untitled').map((e) => e.id)).toEqual(['d']);
    expect(filterWorkflows(entries, 'active', 'nothing', 'Untitled')).toEqual([]);
  });
});
