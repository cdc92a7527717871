import { describe, expect, it } from 'vitest';
import { normalizeGraph } from './normalizeGraph';
import { graphFixture } from './test/graphFixture';
import { parseWorkflowGraph } from './workflowGraphSchema';

describe('parseWorkflowGraph', () => {
  it('accepts a well-formed graph and keeps extra data fields', () => {
    const g = graphFixture(['a', 'b'], [['a', 'b']], { a: { model: 'm', extra: [1] } });
    expect(parseWorkflowGraph(g)).toEqual({ ok: true, graph: g });
  });

  it.each([
    ['a non-object', 'graph'],
    [
      'a bad node type',
      { name: '', nodes: [{ id: 'a', type: 'x', position: { x: 0, y: 0 }, data: { label: '' } }], edges: [] },
    ],
    [
      'a node id with a slash',
      {
        name: '',
        nodes: [{ id: 'a/b', type: 'agent', position: { x: 0, y: 0 }, data: { label: '' } }],
        edges: [],
      },
    ],
    [
      'an infinite position',
      {
        name: '',
        nodes: [{ id: 'a', type: 'agent', position: { x: Infinity, y: 0 }, data: { label: '' } }],
        edges: [],
      },
    ],
    [
      'a missing label',
      { name: '', nodes: [{ id: 'a', type: 'agent', position: { x: 0, y: 0 }, data: {} }], edges: [] },
    ],
    [
      'an edge without target',
      { name: '', nodes: [], edges: [{ id: 'e', source: 'a', sourceHandle: 'out', targetHandle: 'in' }] },
    ],
  ])('rejects %s with a message', (_what, value) => {
    const result = parseWorkflowGraph(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
  });
});

describe('normalizeGraph', () => {
  it('coerces untrusted JSON: first id wins, missing edge ids are derived, sorted by id', () => {
    const g = normalizeGraph({
      name: 5,
      nodes: [
        { id: 'b', type: 'output', data: { label: 'B' } },
        { id: 'a', type: 'input' },
        { id: 'b', type: 'agent' },
        { type: 'agent' },
        null,
      ],
      edges: [{ source: 'a', target: 'b' }, { id: 'x', source: 'a' }, 'junk'],
    });
    expect(g).toEqual({
      name: '',
      nodes: [
        { id: 'a', type: 'input', position: { x: 0, y: 0 }, data: { label: 'Input', value: '' } },
        { id: 'b', type: 'output', position: { x: 0, y: 0 }, data: { label: 'B' } },
      ],
      edges: [{ id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' }],
    });
    expect(normalizeGraph(undefined)).toEqual({ name: '', nodes: [], edges: [] });
  });
});
