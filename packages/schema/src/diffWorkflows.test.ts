import { describe, expect, it } from 'vitest';
import { diffWorkflows, isEmptyDiff, sameJson } from './diffWorkflows';
import type { WorkflowGraph } from './graphTypes';
import { normalizeGraph } from './normalizeGraph';
import { graphFixture } from './test/graphFixture';

const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('diffWorkflows', () => {
  it('is empty for the same graph, whatever the order of nodes, edges and data keys', () => {
    const a = graphFixture(['a', 'b', 'c'], [['a', 'b']], { a: { model: 'm', provider: 'p' } });
    const b: WorkflowGraph = {
      ...a,
      nodes: [...a.nodes]
        .reverse()
        .map((n) => ({ ...n, data: Object.fromEntries(Object.entries(n.data).reverse()) as typeof n.data })),
      edges: [...a.edges].reverse(),
    };
    expect(isEmptyDiff(diffWorkflows(a, b))).toBe(true);
  });

  it('reports added, removed and changed nodes, with the changed fields in a stable order', () => {
    const a = graphFixture(['keep', 'gone', 'edit'], [], {
      edit: { provider: 'local', model: 'x', systemPrompt: 'old', temperature: 0.2 },
    });
    const b = graphFixture(['keep', 'edit', 'new'], [], {
      edit: { provider: 'openai', model: 'gpt', systemPrompt: 'new', maxTokens: 10 },
    });
    b.nodes.find((n) => n.id === 'edit')!.data.label = 'Edited';
    b.nodes.find((n) => n.id === 'edit')!.position = { x: 5, y: 0 };
    const diff = diffWorkflows(a, b);
    expect(ids(diff.nodes.added)).toEqual(['new']);
    expect(ids(diff.nodes.removed)).toEqual(['gone']);
    expect(diff.nodes.changed).toHaveLength(1);
    const [change] = diff.nodes.changed;
    expect(change!.id).toBe('edit');
    expect(change!.fields).toEqual([
      'label',
      'provider',
      'model',
      'systemPrompt',
      'maxTokens',
      'temperature',
      'position',
    ]);
    expect(change!.before.data.model).toBe('x');
    expect(change!.after.data.model).toBe('gpt');
  });

  it('can leave moves out', () => {
    const a = graphFixture(['a', 'b']);
    const b = graphFixture(['a', 'b'], [], { b: { label: 'B2' } });
    b.nodes[0]!.position = { x: 100, y: 100 };
    b.nodes[1]!.position = { x: 100, y: 100 };
    expect(diffWorkflows(a, b).nodes.changed.map((c) => [c.id, c.fields])).toEqual([
      ['a', ['position']],
      ['b', ['label', 'position']],
    ]);
    expect(diffWorkflows(a, b, { ignorePosition: true }).nodes.changed.map((c) => [c.id, c.fields])).toEqual([
      ['b', ['label']],
    ]);
  });

  it('reports a type change as a changed field', () => {
    const a = graphFixture(['a']);
    const b = graphFixture([['a', 'output']]);
    expect(diffWorkflows(a, b).nodes.changed[0]!.fields).toEqual(['type']);
  });

  it('compares arrays and objects by value (router branches, fallbacks)', () => {
    const branches = [
      { id: 'yes', label: 'yes', match: 'contains', value: 'yes' },
      { id: 'no', label: 'no', match: 'else' },
    ];
    const a = graphFixture([['r', 'router']], [], { r: { branches } });
    const same = graphFixture([['r', 'router']], [], {
      r: { branches: JSON.parse(JSON.stringify(branches)) },
    });
    const other = graphFixture([['r', 'router']], [], { r: { branches: [branches[1]] } });
    expect(isEmptyDiff(diffWorkflows(a, same))).toBe(true);
    expect(diffWorkflows(a, other).nodes.changed[0]!.fields).toEqual(['branches']);
  });

  it('reports edges added and removed by id, and an edge whose endpoints differ under one id as both', () => {
    const a = graphFixture(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    const b = graphFixture(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['a', 'c'],
      ],
    );
    const diff = diffWorkflows(a, b);
    expect(ids(diff.edges.added)).toEqual(['a:out->c:in']);
    expect(ids(diff.edges.removed)).toEqual(['b:out->c:in']);
    expect(diff.nodes.changed).toEqual([]);

    const forged: WorkflowGraph = JSON.parse(JSON.stringify(a));
    forged.edges[0]!.target = 'c';
    const both = diffWorkflows(a, forged);
    expect(ids(both.edges.added)).toEqual(['a:out->b:in']);
    expect(ids(both.edges.removed)).toEqual(['a:out->b:in']);
  });

  it('is symmetric: a→b added is b→a removed', () => {
    const a = graphFixture(['a', 'b'], [['a', 'b']], { a: { model: 'one' } });
    const b = graphFixture(['a', 'c'], [['a', 'c']], { a: { model: 'two' } });
    const ab = diffWorkflows(a, b);
    const ba = diffWorkflows(b, a);
    expect(ids(ab.nodes.added)).toEqual(ids(ba.nodes.removed));
    expect(ids(ab.nodes.removed)).toEqual(ids(ba.nodes.added));
    expect(ids(ab.edges.added)).toEqual(ids(ba.edges.removed));
    expect(ab.nodes.changed.map((c) => c.fields)).toEqual(ba.nodes.changed.map((c) => c.fields));
  });

  it('sees no change between a graph and its normalised JSON round trip', () => {
    const a = normalizeGraph(
      graphFixture(['a', ['i', 'input'], ['r', 'router'], ['n', 'note']], [['i', 'a']], {
        a: { temperature: 0.3, fallbacks: [{ provider: 'openai', model: 'gpt' }] },
      }),
    );
    const b = normalizeGraph(JSON.parse(JSON.stringify(a)));
    expect(isEmptyDiff(diffWorkflows(a, b))).toBe(true);
  });
});

describe('sameJson', () => {
  it('treats undefined keys as missing and distinguishes arrays from objects', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});
