import { describe, expect, it } from 'vitest';
import { defaultRouterBranches } from './nodeDefaults';
import { agentDataOf } from './nodes/agent';
import { inputVariablesOf } from './nodes/input';
import { routerDataOf } from './nodes/router';
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
        {
          id: 'a',
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Input', value: '', variables: [] },
        },
        { id: 'b', type: 'output', position: { x: 0, y: 0 }, data: { label: 'B' } },
      ],
      edges: [{ id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' }],
    });
    expect(normalizeGraph(undefined)).toEqual({ name: '', nodes: [], edges: [] });
  });
});

describe('typed node fields', () => {
  it('reads router branches, input variables and agent fallbacks, dropping malformed entries', () => {
    const g = normalizeGraph({
      nodes: [
        {
          id: 'r',
          type: 'router',
          position: { x: 0, y: 0 },
          data: {
            mode: 'llm',
            branches: [
              { id: 'ok', label: 'approve', match: 'contains', value: 'ok' },
              { id: 'ok', label: 'duplicate id' },
              { id: 'bad id!', label: 'x' },
              { id: 'other', match: 'regex' },
            ],
          },
        },
        { id: 'r2', type: 'router', position: { x: 0, y: 0 }, data: { branches: 'nope' } },
        {
          id: 'i',
          type: 'input',
          position: { x: 0, y: 0 },
          data: {
            variables: [
              { name: 'topic', type: 'text', default: 'AI' },
              { name: '' },
              { name: 'n', type: 'x' },
            ],
          },
        },
        {
          id: 'a',
          type: 'agent',
          position: { x: 0, y: 0 },
          data: {
            fallbacks: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'x' }],
            retries: 'two',
          },
        },
      ],
      edges: [],
    });
    const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n]));
    const router = routerDataOf(byId.r!);
    expect(router.mode).toBe('llm');
    expect(router.userPrompt).toBe('{{input}}');
    expect(router.branches).toEqual([
      { id: 'ok', label: 'approve', match: 'contains', value: 'ok' },
      { id: 'other', label: 'other' },
    ]);
    expect(routerDataOf(byId.r2!).branches).toEqual(defaultRouterBranches());
    expect(routerDataOf(byId.r2!).mode).toBe('rule');
    expect(inputVariablesOf(byId.i!)).toEqual([
      { name: 'topic', type: 'text', default: 'AI' },
      { name: 'n', type: 'string', default: '' },
    ]);
    const agent = agentDataOf(byId.a!);
    expect(agent.fallbacks).toEqual([{ provider: 'openai', model: 'gpt-4o-mini' }]);
    expect(agent.retries).toBeUndefined();
  });
});
