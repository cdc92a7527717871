import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect, disconnect } from './connect';
import { createUndoManager } from './createUndoManager';
import { diffWorkflows, isEmptyDiff } from './diffWorkflows';
import type { NodeType, WorkflowGraph } from './graphTypes';
import { moveNode } from './moveNode';
import { RUNNER_ORIGIN, USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { removeNode } from './removeNode';
import { restoreWorkflowGraph } from './restoreWorkflowGraph';
import { getNodeText, setNodeField } from './setNodeField';
import { initWorkflowDoc, workflowMaps } from './workflowDoc';

const REMOTE = Symbol('remote');

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

function syncBoth(a: Y.Doc, b: Y.Doc): void {
  sync(a, b);
  sync(b, a);
}

/** Input → Researcher → Writer, and a note: the "v1" every test starts from. */
function seeded(): { doc: Y.Doc; v1: WorkflowGraph } {
  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name: 'Pipeline' }, USER_ORIGIN);
  addNode(doc, { id: 'in', type: 'input', position: { x: 0, y: 0 }, data: { value: 'topic' } }, USER_ORIGIN);
  addNode(
    doc,
    {
      id: 'research',
      type: 'agent',
      position: { x: 300, y: 0 },
      data: { label: 'Researcher', systemPrompt: 'Find facts.', temperature: 0.2 },
    },
    USER_ORIGIN,
  );
  addNode(
    doc,
    { id: 'write', type: 'agent', position: { x: 600, y: 0 }, data: { label: 'Writer', model: 'w1' } },
    USER_ORIGIN,
  );
  addNode(doc, { id: 'memo', type: 'note', position: { x: 0, y: 200 }, data: { text: 'hi' } }, USER_ORIGIN);
  connect(doc, { source: 'in', target: 'research' }, USER_ORIGIN);
  connect(doc, { source: 'research', target: 'write' }, USER_ORIGIN);
  return { doc, v1: readWorkflow(doc) };
}

/** Every kind of change a version can be behind: fields, prompts, moves, adds, deletes, rewiring. */
function editAfterV1(doc: Y.Doc): void {
  setNodeField(doc, 'research', 'label', 'Researcher (edited)', USER_ORIGIN);
  setNodeField(doc, 'research', 'systemPrompt', 'Find facts. Cite sources.', USER_ORIGIN);
  setNodeField(doc, 'research', 'temperature', null, USER_ORIGIN);
  setNodeField(doc, 'research', 'maxTokens', 500, USER_ORIGIN);
  moveNode(doc, 'write', { x: 640, y: 80 }, USER_ORIGIN);
  removeNode(doc, 'memo', USER_ORIGIN);
  addNode(doc, { id: 'critic', type: 'agent', position: { x: 900, y: 0 } }, USER_ORIGIN);
  disconnect(doc, 'research:out->write:in', USER_ORIGIN);
  connect(doc, { source: 'research', target: 'critic' }, USER_ORIGIN);
  connect(doc, { source: 'critic', target: 'write' }, USER_ORIGIN);
}

describe('restoreWorkflowGraph', () => {
  it('makes the document read exactly like the version: restore then diff is empty', () => {
    const { doc, v1 } = seeded();
    editAfterV1(doc);
    const applied = restoreWorkflowGraph(doc, v1, USER_ORIGIN);
    expect(applied.nodes.added.map((n) => n.id)).toEqual(['memo']);
    expect(applied.nodes.removed.map((n) => n.id)).toEqual(['critic']);
    expect(applied.nodes.changed.map((c) => [c.id, c.fields])).toEqual([
      ['research', ['label', 'systemPrompt', 'maxTokens', 'temperature']],
      ['write', ['position']],
    ]);
    expect(isEmptyDiff(diffWorkflows(readWorkflow(doc), v1))).toBe(true);
    expect(readWorkflow(doc)).toEqual(v1);
    // Prompts are still collaborative text.
    expect(getNodeText(doc, 'research', 'systemPrompt')?.toString()).toBe('Find facts.');
  });

  it('edits in place: nodes it does not change keep their Y.Map, and the name is left alone', () => {
    const { doc, v1 } = seeded();
    const before = workflowMaps(doc).nodes.get('in');
    setNodeField(doc, 'research', 'label', 'Changed', USER_ORIGIN);
    workflowMaps(doc).meta.set('name', 'Renamed');
    restoreWorkflowGraph(doc, v1, USER_ORIGIN);
    expect(workflowMaps(doc).nodes.get('in')).toBe(before);
    expect(readWorkflow(doc).name).toBe('Renamed');
  });

  it('is one transaction with the given origin, and writes nothing when there is nothing to restore', () => {
    const { doc, v1 } = seeded();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0) origins.push(tr.origin);
    });
    restoreWorkflowGraph(doc, v1, USER_ORIGIN);
    expect(origins).toEqual([]);
    editAfterV1(doc);
    origins.length = 0;
    restoreWorkflowGraph(doc, v1, USER_ORIGIN);
    expect(origins).toEqual([USER_ORIGIN]);
  });

  it('keeps a peer’s concurrent edit of something the version does not change, on both replicas', () => {
    const { doc: a, v1 } = seeded();
    const b = new Y.Doc();
    sync(a, b);
    setNodeField(a, 'research', 'label', 'Ada renamed it', USER_ORIGIN);
    sync(a, b);

    // Concurrently: Bob changes Writer's model and types at the end of Researcher's prompt, while
    // Ada restores v1 (which reverts Researcher's label but touches neither of Bob's edits).
    setNodeField(b, 'write', 'model', 'bobs-model', USER_ORIGIN);
    getNodeText(b, 'research', 'systemPrompt')!.insert('Find facts.'.length, ' Bob was here.');
    restoreWorkflowGraph(a, v1, USER_ORIGIN);
    syncBoth(a, b);

    for (const doc of [a, b]) {
      const graph = readWorkflow(doc);
      const research = graph.nodes.find((n) => n.id === 'research')!;
      const write = graph.nodes.find((n) => n.id === 'write')!;
      expect(research.data.label).toBe('Researcher');
      expect(write.data.model).toBe('bobs-model');
      expect(research.data.systemPrompt).toBe('Find facts. Bob was here.');
    }
    expect(readWorkflow(a)).toEqual(readWorkflow(b));
  });

  it('keeps a peer’s concurrent typing in a prompt the restore also edits (minimal text edit)', () => {
    const { doc: a, v1 } = seeded();
    setNodeField(a, 'research', 'systemPrompt', 'Find facts. Be brief.', USER_ORIGIN);
    const b = new Y.Doc();
    sync(a, b);
    getNodeText(b, 'research', 'systemPrompt')!.insert(0, 'Bob: ');
    restoreWorkflowGraph(a, v1, USER_ORIGIN);
    syncBoth(a, b);
    for (const doc of [a, b]) {
      expect(getNodeText(doc, 'research', 'systemPrompt')!.toString()).toBe('Bob: Find facts.');
    }
  });

  it('does not resurrect a node a peer deleted concurrently, nor its edges', () => {
    const { doc: a, v1 } = seeded();
    const b = new Y.Doc();
    sync(a, b);
    setNodeField(a, 'write', 'label', 'Writer 2', USER_ORIGIN);
    removeNode(b, 'write', USER_ORIGIN);
    restoreWorkflowGraph(a, v1, USER_ORIGIN);
    syncBoth(a, b);
    for (const doc of [a, b]) {
      const graph = readWorkflow(doc);
      expect(graph.nodes.map((n) => n.id)).not.toContain('write');
      expect(graph.edges.map((e) => e.id)).not.toContain('research:out->write:in');
    }
  });

  it('is undone in one step by the user’s undo manager, and redone in one', () => {
    const { doc, v1 } = seeded();
    const undo = createUndoManager(doc);
    editAfterV1(doc);
    const edited = readWorkflow(doc);
    // The editor ends the running capture window around a restore so it is a step of its own.
    undo.stopCapturing();
    restoreWorkflowGraph(doc, v1, USER_ORIGIN);
    undo.stopCapturing();
    expect(readWorkflow(doc)).toEqual(v1);

    undo.undo();
    expect(readWorkflow(doc)).toEqual(edited);
    expect(getNodeText(doc, 'research', 'systemPrompt')?.toString()).toBe('Find facts. Cite sources.');
    undo.redo();
    expect(readWorkflow(doc)).toEqual(v1);
  });

  it('undo takes back only the restore, not a peer’s edit that arrived after it', () => {
    const { doc: a, v1 } = seeded();
    const b = new Y.Doc();
    sync(a, b);
    const undo = createUndoManager(a, 0);
    setNodeField(a, 'research', 'label', 'Mine', USER_ORIGIN);
    restoreWorkflowGraph(a, v1, USER_ORIGIN);
    sync(a, b);
    setNodeField(b, 'write', 'label', 'Bob’s writer', USER_ORIGIN);
    sync(b, a);
    undo.undo();
    const graph = readWorkflow(a);
    expect(graph.nodes.find((n) => n.id === 'research')!.data.label).toBe('Mine');
    expect(graph.nodes.find((n) => n.id === 'write')!.data.label).toBe('Bob’s writer');
  });

  it('re-creates a node whose type differs, and is not tracked by undo under another origin', () => {
    const { doc, v1 } = seeded();
    const undo = createUndoManager(doc, 0);
    removeNode(doc, 'write', RUNNER_ORIGIN);
    addNode(doc, { id: 'write', type: 'output', position: { x: 1, y: 1 } }, RUNNER_ORIGIN);
    restoreWorkflowGraph(doc, v1, RUNNER_ORIGIN);
    expect(readWorkflow(doc)).toEqual(v1);
    expect(undo.canUndo()).toBe(false);
  });

  it('restores any edited state exactly (randomised; prints the seed on failure)', () => {
    const POOL = ['n0', 'n1', 'n2', 'n3', 'n4'];
    const TYPES: NodeType[] = ['agent', 'input', 'output', 'router', 'note'];
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom(...POOL), t: fc.nat(4) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...POOL) }),
      fc.record({
        kind: fc.constant('set' as const),
        id: fc.constantFrom(...POOL),
        field: fc.constantFrom('label', 'model', 'provider', 'systemPrompt', 'userPrompt', 'extra'),
        value: fc.option(fc.string({ maxLength: 5 })),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        id: fc.constantFrom(...POOL),
        x: fc.integer({ min: -50, max: 50 }),
      }),
      fc.record({
        kind: fc.constant('connect' as const),
        s: fc.constantFrom(...POOL),
        t: fc.constantFrom(...POOL),
      }),
    );
    type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
    const apply = (doc: Y.Doc, e: Edit) => {
      const exists = (id: string) => workflowMaps(doc).nodes.has(id);
      if (e.kind === 'add' && !exists(e.id))
        addNode(doc, { id: e.id, type: TYPES[e.t]!, position: { x: e.t, y: 0 } }, USER_ORIGIN);
      else if (e.kind === 'remove') removeNode(doc, e.id, USER_ORIGIN);
      else if (e.kind === 'set') setNodeField(doc, e.id, e.field, e.value, USER_ORIGIN);
      else if (e.kind === 'move') moveNode(doc, e.id, { x: e.x, y: 0 }, USER_ORIGIN);
      else if (e.kind === 'connect') connect(doc, { source: e.s, target: e.t }, USER_ORIGIN);
    };
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 15 }), fc.array(edit, { maxLength: 15 }), (before, after) => {
        const doc = new Y.Doc();
        initWorkflowDoc(doc, { name: 'p' }, USER_ORIGIN);
        for (const e of before) apply(doc, e);
        const version = readWorkflow(doc);
        const undo = createUndoManager(doc, 0);
        for (const e of after) apply(doc, e);
        const edited = readWorkflow(doc);
        undo.clear();
        restoreWorkflowGraph(doc, version, USER_ORIGIN);
        expect(readWorkflow(doc)).toEqual(version);
        undo.undo();
        expect(readWorkflow(doc)).toEqual(edited);
      }),
      { numRuns: 150 },
    );
  });
});
