import type { GraphNode, NodeType, WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import {
  filterCandidates,
  insertReference,
  referenceCandidates,
  referenceQueryAt,
} from './referenceCandidates';

function node(id: string, type: NodeType, label: string, data: Record<string, unknown> = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, data: { label, ...data } };
}

function edge(source: string, target: string) {
  return { id: `${source}->${target}`, source, target, sourceHandle: 'out', targetHandle: 'in' };
}

// in → research → write → review; side is unrelated; note is a note; an edge points at a deleted node.
const graph: WorkflowGraph = {
  name: 'g',
  nodes: [
    node('in', 'input', 'Brief', {
      variables: [
        { name: 'topic', type: 'string', default: '' },
        { name: 'tone', type: 'text', default: '' },
      ],
    }),
    node('research', 'agent', 'Researcher', { key: 'researcher' }),
    node('write', 'agent', 'Writer'),
    node('review', 'agent', 'Reviewer'),
    node('side', 'agent', 'Side quest'),
    node('n', 'note', 'Note'),
  ],
  edges: [edge('in', 'research'), edge('research', 'write'), edge('write', 'review'), edge('ghost', 'write')],
};

describe('referenceCandidates', () => {
  it('offers {{input}}, upstream input variables and every upstream node output, by label, inserted by key (id without one)', () => {
    expect(referenceCandidates(graph, 'write').map((c) => [c.insert, c.label])).toEqual([
      ['{{input}}', 'input'],
      ['{{input.tone}}', 'tone'],
      ['{{input.topic}}', 'topic'],
      ['{{nodes.in.output}}', 'Brief'],
      ['{{nodes.researcher.output}}', 'Researcher'],
    ]);
  });

  it('offers an upstream HTTP response whole, and its status and body', () => {
    const g: WorkflowGraph = {
      name: 'h',
      nodes: [node('api', 'http', 'Issues', { key: 'issues' }), node('sum', 'agent', 'Summary')],
      edges: [edge('api', 'sum')],
    };
    expect(referenceCandidates(g, 'sum').map((c) => c.insert)).toEqual([
      '{{input}}',
      '{{nodes.issues.output}}',
      '{{nodes.issues.output.body}}',
      '{{nodes.issues.output.status}}',
    ]);
  });

  it('offers each field of an upstream structured output', () => {
    const withSchema: WorkflowGraph = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === 'research'
          ? {
              ...n,
              data: {
                ...n.data,
                outputSchema: { type: 'object', properties: { priority: { type: 'string' } } },
              },
            }
          : n,
      ),
    };
    expect(referenceCandidates(withSchema, 'write').map((c) => c.insert)).toContain(
      '{{nodes.researcher.output.priority}}',
    );
  });

  it('offers nothing downstream, unrelated or deleted', () => {
    const inserts = referenceCandidates(graph, 'research').map((c) => c.insert);
    expect(inserts).not.toContain('{{nodes.write.output}}');
    expect(inserts).not.toContain('{{nodes.side.output}}');
    expect(referenceCandidates(graph, 'side')).toEqual([]);
  });
});

describe('referenceQueryAt', () => {
  it('finds the open placeholder before the caret and what was typed', () => {
    expect(referenceQueryAt('Use {{ wri', 10)).toEqual({ start: 4, query: 'wri' });
    expect(referenceQueryAt('Use {{', 6)).toEqual({ start: 4, query: '' });
  });

  it('ignores closed placeholders and other lines', () => {
    expect(referenceQueryAt('{{input}} and more', 18)).toBeNull();
    expect(referenceQueryAt('{{input\nnext', 12)).toBeNull();
    expect(referenceQueryAt('no braces', 5)).toBeNull();
  });
});

describe('filterCandidates and insertReference', () => {
  it('matches labels and placeholder text case-insensitively', () => {
    const all = referenceCandidates(graph, 'review');
    expect(filterCandidates(all, 'WRIT').map((c) => c.label)).toEqual(['Writer']);
    expect(filterCandidates(all, 'input.t').map((c) => c.label)).toEqual(['tone', 'topic']);
    expect(filterCandidates(all, '')).toHaveLength(all.length);
  });

  it('replaces the typed query and swallows an auto-closed }}', () => {
    expect(insertReference('Hi {{wri', 8, 3, '{{nodes.w.output}}')).toEqual({
      text: 'Hi {{nodes.w.output}}',
      caret: 21,
    });
    expect(insertReference('Hi {{}} there', 5, 3, '{{input}}')).toEqual({
      text: 'Hi {{input}} there',
      caret: 12,
    });
  });
});
