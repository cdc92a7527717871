import type { WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { findInputProblems } from './findInputProblems';

const graph = {
  name: 'g',
  nodes: [
    {
      id: 'in',
      type: 'input',
      position: { x: 0, y: 0 },
      data: {
        label: 'Input',
        variables: [
          { name: 'topic', type: 'string', default: '' },
          { name: 'tone', type: 'string', default: 'plain' },
        ],
      },
    },
  ],
  edges: [],
} as unknown as WorkflowGraph;

describe('findInputProblems', () => {
  it('accepts declared inputs, with defaults filling the rest', () => {
    expect(findInputProblems(graph, { topic: 'tides' })).toEqual([]);
    expect(findInputProblems(graph, { topic: 'tides', tone: 'dry' })).toEqual([]);
  });

  it('names unknown inputs and the ones the workflow takes, and required inputs left out', () => {
    expect(findInputProblems(graph, { nosuch: '1' })).toEqual([
      'unknown input "nosuch"; this workflow takes "topic", "tone"',
      'input "topic" is required (it has no default)',
    ]);
  });
});
