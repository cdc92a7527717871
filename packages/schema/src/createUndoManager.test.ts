import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { createUndoManager } from './createUndoManager';
import { moveNode } from './moveNode';
import { RUNNER_ORIGIN, USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { getNodeText, setNodeField } from './setNodeField';

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

describe('createUndoManager', () => {
  it('undoes only this replica’s user edits, never a remote or runner edit', () => {
    const a = new Y.Doc();
    const id = addNode(a, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    const b = new Y.Doc();
    sync(a, b);
    const undo = createUndoManager(a, 0);

    setNodeField(a, id, 'label', 'Mine', USER_ORIGIN);
    setNodeField(b, id, 'model', 'theirs', USER_ORIGIN);
    getNodeText(b, id, 'systemPrompt')!.insert(0, 'Their prompt');
    sync(b, a);
    setNodeField(a, id, 'temperature', 0.5, RUNNER_ORIGIN);

    undo.undo();
    const node = readWorkflow(a).nodes[0]!;
    expect(node.data.label).toBe('Agent');
    expect(node.data.model).toBe('theirs');
    expect(node.data.systemPrompt).toBe('Their prompt');
    expect(node.data.temperature).toBe(0.5);
    expect(undo.canUndo()).toBe(false);

    undo.redo();
    expect(readWorkflow(a).nodes[0]!.data.label).toBe('Mine');
  });

  it('restores a multi-node move made in one transaction as one step', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2].map((i) => addNode(doc, { type: 'agent', position: { x: i, y: 0 } }, USER_ORIGIN));
    const undo = createUndoManager(doc, 0);
    doc.transact(() => {
      for (const id of ids) moveNode(doc, id, { x: 500, y: 500 }, USER_ORIGIN);
    }, USER_ORIGIN);
    undo.undo();
    expect(readWorkflow(doc).nodes.map((n) => n.position.y)).toEqual([0, 0, 0]);
  });
});
