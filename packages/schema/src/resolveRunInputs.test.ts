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
          { name: 'tone', type: 'string', default: '', required: true },
        ],
      },
    },
  ],
  edges: [],
});

describe('resolveRunInputs', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveRunInputs(graph, { topic: 'moons', tone: 'dry' })).toEqual({
      inputs: { topic: 'moons', count: '3', formal: 'false', tone: 'dry' },
      problems: [],
      issues: [],
    });
  });

  it('refuses a name no Input node declares, naming it and what the workflow takes', () => {
    const { issues, inputs } = resolveRunInputs(graph, { nosuch: '1', tone: 'dry' });
    expect(issues).toEqual([
      {
        name: 'nosuch',
        kind: 'unknown',
        message: 'unknown input "nosuch"; this workflow takes topic, count, formal, tone',
      },
    ]);
    expect(inputs).not.toHaveProperty('nosuch');
    const bare = normalizeGraph({ nodes: [], edges: [] });
    expect(resolveRunInputs(bare, { x: '1' }).problems).toEqual([
      'unknown input "x": this workflow declares no inputs',
    ]);
  });

  it('refuses a required input left empty (no default, or given blank)', () => {
    expect(resolveRunInputs(graph, {}).issues).toEqual([
      { name: 'tone', kind: 'missing', message: 'input "tone" is required' },
    ]);
    expect(resolveRunInputs(graph, { tone: '  ' }).issues.map((i) => i.kind)).toEqual(['missing']);
  });

  it('reports values that do not fit their declared type', () => {
    const { problems } = resolveRunInputs(graph, { count: 'three', formal: 'maybe', tone: 'x' });
    expect(problems).toEqual([
      'input "count" must be a number, got "three"',
      'input "formal" must be true or false, got "maybe"',
    ]);
  });

  it('lets a legacy Input node (no variables) take its value by id or label', () => {
    const legacy = normalizeGraph({
      nodes: [{ id: 'q', type: 'input', position: { x: 0, y: 0 }, data: { label: 'Question', value: 'v' } }],
      edges: [],
    });
    expect(resolveRunInputs(legacy, { Question: 'a', q: 'b' })).toMatchObject({
      inputs: { Question: 'a', q: 'b' },
      issues: [],
    });
    expect(resolveRunInputs(legacy, { other: 'x' }).problems).toEqual([
      'unknown input "other"; this workflow takes Question',
    ]);
  });
});
