import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { deriveValidGraph } from './deriveValidGraph';
import { findCycleEdges } from './findCycleEdges';
import { moveNode } from './moveNode';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { removeNode } from './removeNode';
import { getNodeText, setNodeField } from './setNodeField';

// Regression tests for each mutation racing a delete (the reearth-flow "ghost edges" class of bug):
// two replicas fork from one state, edit concurrently, then exchange everything.

function fork(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  for (const id of ['A', 'B', 'C']) addNode(a, { id, type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
  connect(a, { source: 'A', target: 'B' }, USER_ORIGIN);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

function merge(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  expect(readWorkflow(a)).toEqual(readWorkflow(b));
}

const nodeIds = (doc: Y.Doc) => readWorkflow(doc).nodes.map((n) => n.id);

describe('edits racing a node delete', () => {
  it.each([
    ['move', (d: Y.Doc) => moveNode(d, 'C', { x: 9, y: 9 }, USER_ORIGIN)],
    ['set a field', (d: Y.Doc) => setNodeField(d, 'C', 'model', 'm2', USER_ORIGIN)],
    ['replace a prompt', (d: Y.Doc) => setNodeField(d, 'C', 'userPrompt', 'new', USER_ORIGIN)],
    ['type into a prompt', (d: Y.Doc) => getNodeText(d, 'C', 'systemPrompt')!.insert(0, 'typed')],
  ])('%s does not resurrect the deleted node', (_name, edit) => {
    const [a, b] = fork();
    removeNode(a, 'C', USER_ORIGIN);
    edit(b);
    merge(a, b);
    expect(nodeIds(a)).toEqual(['A', 'B']);
  });

  it('connect vs delete merges into a dangling edge that every reader ignores', () => {
    const [a, b] = fork();
    removeNode(a, 'C', USER_ORIGIN);
    expect(connect(b, { source: 'B', target: 'C' }, USER_ORIGIN).ok).toBe(true);
    merge(a, b);
    const g = readWorkflow(a);
    expect(g.edges.map((e) => e.id)).toEqual(['A:out->B:in', 'B:out->C:in']);
    const derived = deriveValidGraph(g);
    expect(derived.danglingEdges.map((e) => e.id)).toEqual(['B:out->C:in']);
    expect(derived.graph.edges.map((e) => e.id)).toEqual(['A:out->B:in']);
  });

  it('a merge can yield a dangling edge and a cycle at once (sync.md §4.2)', () => {
    const [a, b] = fork();
    addNode(a, { id: 'D', type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    expect(connect(a, { source: 'B', target: 'C' }, USER_ORIGIN).ok).toBe(true);
    expect(connect(a, { source: 'B', target: 'D' }, USER_ORIGIN).ok).toBe(true);
    expect(connect(b, { source: 'C', target: 'A' }, USER_ORIGIN).ok).toBe(true);
    removeNode(b, 'D', USER_ORIGIN);
    merge(a, b);
    const g = readWorkflow(a);
    expect(deriveValidGraph(g).danglingEdges.map((e) => e.id)).toEqual(['B:out->D:in']);
    expect(findCycleEdges(g)).toEqual(['A:out->B:in', 'B:out->C:in', 'C:out->A:in']);
    expect(findCycleEdges(readWorkflow(b))).toEqual(findCycleEdges(g));
  });

  it('identical concurrent connections collapse into one edge', () => {
    const [a, b] = fork();
    connect(a, { source: 'B', target: 'C' }, USER_ORIGIN);
    connect(b, { source: 'B', target: 'C' }, USER_ORIGIN);
    merge(a, b);
    expect(readWorkflow(a).edges.map((e) => e.id)).toEqual(['A:out->B:in', 'B:out->C:in']);
  });

  it('concurrent edits of different fields of one node both survive', () => {
    const [a, b] = fork();
    setNodeField(a, 'A', 'model', 'm-a', USER_ORIGIN);
    setNodeField(b, 'A', 'label', 'Label B', USER_ORIGIN);
    moveNode(b, 'A', { x: 3, y: 4 }, USER_ORIGIN);
    merge(a, b);
    const node = readWorkflow(a).nodes.find((n) => n.id === 'A')!;
    expect(node.data).toMatchObject({ model: 'm-a', label: 'Label B' });
    expect(node.position).toEqual({ x: 3, y: 4 });
  });
});
