import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { removeNode } from './removeNode';

describe('removeNode', () => {
  it('deletes the node and every edge touching it, keeping the rest', () => {
    const doc = new Y.Doc();
    for (const id of ['a', 'b', 'c'])
      addNode(doc, { id, type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
    connect(doc, { source: 'b', target: 'c' }, USER_ORIGIN);
    connect(doc, { source: 'a', target: 'c' }, USER_ORIGIN);
    removeNode(doc, 'b', USER_ORIGIN);
    const g = readWorkflow(doc);
    expect(g.nodes.map((n) => n.id)).toEqual(['a', 'c']);
    expect(g.edges.map((e) => e.id)).toEqual(['a:out->c:in']);
  });

  it('is a no-op for an unknown node', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'a', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const before = Y.encodeStateVector(doc);
    removeNode(doc, 'zzz', USER_ORIGIN);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
