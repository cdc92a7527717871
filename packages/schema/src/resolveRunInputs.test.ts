import { describe, expect, it } from 'vitest';
import { normalizeGraph } from './normalizeGraph';
import { resolveRunInputs } from './resolveRunInputs';

const graph = normalizeGraph({
  nodes: [
    {
      id: 'in',
      type: 'input',
      position: { x: 0, y: 0 },
      data: {
        variables: [
          { name: 'topic', type: 'text', default: 'tides' },
          { name: 'count', type: 'number', default: '3' },
          { name: 'formal', type: 'boolean', default: 'false' },
        ],
      },
    },
  ],
  edges: [],
});

describe('resolveRunInputs', () => {
  it('fills defaults, keeps given values and extra keys', () => {
    expect(resolveRunInputs(graph, { topic: 'moons', extra: 'x' })).toEqual({
      inputs: { topic: 'moons', count: '3', formal: 'false', extra: 'x' },
      problems: [],
    });
  });

  it('reports values that do not fit their declared type', () => {
    const { problems } = resolveRunInputs(graph, { count: 'three', formal: 'maybe' });
    expect(problems).toEqual([
      'input "count" must be a number, got "three"',
      'input "formal" must be true or false, got "maybe"',
    ]);
  });
});
