import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { CLIPBOARD_FORMAT, type ClipboardPayload } from './clipboardPayload';
import { connect } from './connect';
import { USER_ORIGIN } from './origins';
import { applyPaste, planPaste } from './planPaste';
import { readWorkflow } from './readWorkflow';
import { graphFixture } from './test/graphFixture';

function payloadOf(graph = graphFixture(['a', 'b'], [['a', 'b']])): ClipboardPayload {
  graph.nodes[0]!.position = { x: 100, y: 50 };
  graph.nodes[1]!.position = { x: 400, y: 170 };
  return { format: CLIPBOARD_FORMAT, version: 1, nodes: graph.nodes, edges: graph.edges };
}

function counter(): () => string {
  let n = 0;
  return () => `new${++n}`;
}

describe('planPaste', () => {
  it('gives every node a fresh id and remaps the edges between them', () => {
    const plan = planPaste(payloadOf(), { at: { x: 0, y: 0 }, newId: counter() });
    expect(plan.nodes.map((n) => n.id)).toEqual(['new1', 'new2']);
    expect([...plan.idMap]).toEqual([
      ['a', 'new1'],
      ['b', 'new2'],
    ]);
    expect(plan.edges).toEqual([{ source: 'new1', target: 'new2', sourceHandle: 'out', targetHandle: 'in' }]);
  });

  it('moves the group so its top-left corner lands at `at`, keeping relative positions', () => {
    const plan = planPaste(payloadOf(), { at: { x: 1000, y: -20 }, newId: counter() });
    expect(plan.nodes.map((n) => n.position)).toEqual([
      { x: 1000, y: -20 },
      { x: 1300, y: 100 },
    ]);
  });

  it('drops edges that leave the payload, edges with invalid handles, and mistyped fields', () => {
    const payload = payloadOf();
    payload.edges.push({ id: 'e', source: 'a', target: 'zz', sourceHandle: 'out', targetHandle: 'in' });
    payload.edges.push({ id: 'f', source: 'b', target: 'a', sourceHandle: 'o:ut', targetHandle: 'in' });
    payload.nodes[0]!.data.preset = 42;
    const plan = planPaste(payload, { at: { x: 0, y: 0 }, newId: counter() });
    expect(plan.edges).toHaveLength(1);
    expect(plan.nodes[0]!.data).not.toHaveProperty('preset');
  });

  it('pastes nothing for an empty payload', () => {
    const plan = planPaste(
      { format: CLIPBOARD_FORMAT, version: 1, nodes: [], edges: [] },
      { at: { x: 0, y: 0 } },
    );
    expect(plan.nodes).toEqual([]);
  });
});

describe('applyPaste', () => {
  it('adds the nodes with their prompts and connects them in one transaction', () => {
    const doc = new Y.Doc();
    const a = addNode(doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const b = addNode(doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    connect(doc, { source: a, target: b }, USER_ORIGIN);
    const source = readWorkflow(doc);
    source.nodes[0]!.data.systemPrompt = 'Be brief.';
    const payload: ClipboardPayload = { format: CLIPBOARD_FORMAT, version: 1, ...source };
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const ids = applyPaste(doc, planPaste(payload, { at: { x: 500, y: 500 } }), USER_ORIGIN);
    expect(transactions).toBe(1);
    const graph = readWorkflow(doc);
    expect(graph.nodes).toHaveLength(4);
    expect(graph.edges).toHaveLength(2);
    const pasted = graph.nodes.filter((n) => ids.includes(n.id));
    expect(pasted.map((n) => n.data.systemPrompt).sort()).toEqual(['', 'Be brief.']);
  });
});
