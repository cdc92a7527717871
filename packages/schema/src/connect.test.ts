import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect, disconnect } from './connect';
import type { NodeType } from './graphTypes';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';

function docWith(nodes: [string, NodeType][]): Y.Doc {
  const doc = new Y.Doc();
  for (const [id, type] of nodes) addNode(doc, { id, type, position: { x: 0, y: 0 } }, USER_ORIGIN);
  return doc;
}

describe('connect', () => {
  it('creates an edge under its deterministic id', () => {
    const doc = docWith([
      ['a', 'input'],
      ['b', 'agent'],
    ]);
    expect(connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN)).toEqual({ ok: true, id: 'a:out->b:in' });
    expect(connect(doc, { source: 'a', target: 'b', sourceHandle: 'h2' }, USER_ORIGIN)).toEqual({
      ok: true,
      id: 'a:h2->b:in',
    });
    expect(readWorkflow(doc).edges).toEqual([
      { id: 'a:h2->b:in', source: 'a', target: 'b', sourceHandle: 'h2', targetHandle: 'in' },
      { id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' },
    ]);
  });

  it.each([
    [{ source: 'a', target: 'zz' }, 'missing_node'],
    [{ source: 'zz', target: 'a' }, 'missing_node'],
    [{ source: 'a', target: 'a' }, 'self_loop'],
    [{ source: 'a', target: 'n' }, 'not_connectable'],
    [{ source: 'a', target: 'b' }, 'duplicate'],
    [{ source: 'c', target: 'a' }, 'cycle'],
    [{ source: 'b', target: 'a' }, 'cycle'],
  ])('refuses %j with %s and writes nothing', (edge, reason) => {
    const doc = docWith([
      ['a', 'agent'],
      ['b', 'agent'],
      ['c', 'agent'],
      ['n', 'note'],
    ]);
    connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
    connect(doc, { source: 'b', target: 'c' }, USER_ORIGIN);
    const before = Y.encodeStateVector(doc);
    const result = connect(doc, edge, USER_ORIGIN);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('still connects unrelated nodes when a merge already left a cycle elsewhere', () => {
    const doc = docWith([
      ['a', 'agent'],
      ['b', 'agent'],
      ['c', 'agent'],
      ['d', 'agent'],
    ]);
    connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    connect(other, { source: 'b', target: 'a', sourceHandle: 'x' }, USER_ORIGIN);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(connect(doc, { source: 'c', target: 'd' }, USER_ORIGIN).ok).toBe(true);
  });

  it('throws on malformed ids (a programmer error, not a refusal)', () => {
    const doc = docWith([['a', 'agent']]);
    expect(() => connect(doc, { source: 'a', target: 'b', targetHandle: 'x->y' }, USER_ORIGIN)).toThrow(
      RangeError,
    );
  });
});

describe('disconnect', () => {
  it('deletes by id and ignores unknown ids', () => {
    const doc = docWith([
      ['a', 'agent'],
      ['b', 'agent'],
    ]);
    const result = connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
    disconnect(doc, 'nope', USER_ORIGIN);
    expect(readWorkflow(doc).edges).toHaveLength(1);
    if (result.ok) disconnect(doc, result.id, USER_ORIGIN);
    expect(readWorkflow(doc).edges).toEqual([]);
  });
});
