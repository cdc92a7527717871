import {
  addNode,
  connect,
  readWorkflow,
  removeNode,
  setNodeField,
  setNodeKey,
  USER_ORIGIN,
} from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diagnoseGraph, sourceHandlesOf } from './diagnoseGraph';

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function merge(...docs: Y.Doc[]): Y.Doc {
  const out = new Y.Doc();
  for (const d of docs) Y.applyUpdate(out, Y.encodeStateAsUpdate(d));
  return out;
}

describe('diagnoseGraph', () => {
  it('reports a dangling edge and a cycle produced by one merge', () => {
    const base = new Y.Doc();
    const a = addNode(base, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const b = addNode(base, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const c = addNode(base, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const one = fork(base);
    const two = fork(base);
    connect(one, { source: a, target: b }, USER_ORIGIN);
    connect(one, { source: b, target: c }, USER_ORIGIN);
    connect(two, { source: b, target: a }, USER_ORIGIN);
    removeNode(two, c, USER_ORIGIN);
    const d = diagnoseGraph(readWorkflow(merge(one, two)));
    expect(d.danglingEdges.map((e) => e.target)).toEqual([c]);
    expect(d.cycleEdges).toHaveLength(2);
    expect(d.graph.edges).toHaveLength(2);
  });

  it('flags edges leaving a router branch that no longer exists, and unknown references', () => {
    const doc = new Y.Doc();
    const router = addNode(doc, { type: 'router', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const agent = addNode(doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    connect(doc, { source: router, sourceHandle: 'yes', target: agent }, USER_ORIGIN);
    setNodeField(doc, router, 'branches', [{ id: 'maybe', label: 'maybe' }], USER_ORIGIN);
    setNodeField(doc, agent, 'userPrompt', '{{input.topic}}', USER_ORIGIN);
    const d = diagnoseGraph(readWorkflow(doc));
    expect(d.unattachedEdges.map((e) => e.sourceHandle)).toEqual(['yes']);
    expect(d.unknownReferences).toEqual([
      { nodeId: agent, field: 'userPrompt', reference: 'topic', reason: 'unknown_input' },
    ]);
  });

  it('knows which source handles each node type offers', () => {
    const node = (type: 'agent' | 'router' | 'output' | 'note' | 'input') => ({
      id: 'x',
      type,
      position: { x: 0, y: 0 },
      data: { label: 'x' },
    });
    expect(sourceHandlesOf(node('agent'))).toEqual(['out']);
    expect(sourceHandlesOf(node('input'))).toEqual(['out']);
    expect(sourceHandlesOf(node('router'))).toEqual(['yes', 'no']);
    expect(sourceHandlesOf(node('output'))).toEqual([]);
    expect(sourceHandlesOf(node('note'))).toEqual([]);
  });

  it('flags node settings a run would refuse: two peers naming two nodes alike offline, an agent without a model', () => {
    const base = new Y.Doc();
    const a = addNode(
      base,
      { id: 'a', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } },
      USER_ORIGIN,
    );
    const b = addNode(
      base,
      { id: 'b', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'B' } },
      USER_ORIGIN,
    );
    const one = fork(base);
    const two = fork(base);
    setNodeKey(one, a, 'draft', USER_ORIGIN);
    setNodeKey(two, b, 'draft', USER_ORIGIN);
    setNodeField(two, a, 'model', '', USER_ORIGIN);
    const d = diagnoseGraph(readWorkflow(merge(one, two)));
    expect(d.nodeIssues.map((i) => [i.nodeId, i.field])).toEqual([
      ['a', 'model'],
      ['b', 'key'],
    ]);
  });
});
