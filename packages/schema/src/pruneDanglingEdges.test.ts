import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { SERVER_ORIGIN, USER_ORIGIN } from './origins';
import { pruneDanglingEdges } from './pruneDanglingEdges';
import { readWorkflow } from './readWorkflow';
import { removeNode } from './removeNode';

describe('pruneDanglingEdges', () => {
  it('deletes only dangling edges; concurrent janitors converge', () => {
    const a = new Y.Doc();
    for (const id of ['x', 'y', 'z'])
      addNode(a, { id, type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    connect(a, { source: 'x', target: 'y' }, USER_ORIGIN);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    removeNode(a, 'z', USER_ORIGIN);
    connect(b, { source: 'y', target: 'z' }, USER_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(pruneDanglingEdges(a, SERVER_ORIGIN)).toEqual(['y:out->z:in']);
    expect(pruneDanglingEdges(b, SERVER_ORIGIN)).toEqual(['y:out->z:in']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readWorkflow(a).edges.map((e) => e.id)).toEqual(['x:out->y:in']);
    expect(readWorkflow(a)).toEqual(readWorkflow(b));
    expect(pruneDanglingEdges(a, SERVER_ORIGIN)).toEqual([]);
  });
});
