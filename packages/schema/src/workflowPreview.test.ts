import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createWorkflowEntry, readWorkflowIndex, updateWorkflowEntry } from './indexDoc';
import { USER_ORIGIN } from './origins';
import { graphFixture } from './test/graphFixture';
import {
  PREVIEW_MAX_NODES,
  readWorkflowPreview,
  samePreview,
  summarizeWorkflowGraph,
} from './workflowPreview';

describe('summarizeWorkflowGraph', () => {
  it('counts the canvas nodes, leaves notes out and keeps edges by index', () => {
    const graph = graphFixture(
      [['in', 'input'], 'a', ['n', 'note'], ['out', 'output']],
      [
        ['in', 'a'],
        ['a', 'out'],
      ],
    );
    graph.nodes[1]!.position = { x: 10.6, y: -3.2 };
    expect(summarizeWorkflowGraph(graph)).toEqual({
      nodeCount: 3,
      nodes: [
        { type: 'input', x: 0, y: 0 },
        { type: 'agent', x: 11, y: -3 },
        { type: 'output', x: 0, y: 0 },
      ],
      edges: [
        [0, 1],
        [1, 2],
      ],
    });
  });

  it('bounds the thumbnail of a large graph but counts every node', () => {
    const ids = Array.from({ length: PREVIEW_MAX_NODES + 5 }, (_, i) => `n${i}`);
    const graph = graphFixture(ids, [[ids[0]!, ids.at(-1)!]]);
    const preview = summarizeWorkflowGraph(graph);
    expect(preview.nodeCount).toBe(PREVIEW_MAX_NODES + 5);
    expect(preview.nodes).toHaveLength(PREVIEW_MAX_NODES);
    expect(preview.edges).toEqual([]);
  });
});

describe('readWorkflowPreview', () => {
  it('reads what summarize writes and refuses what is not a preview', () => {
    const preview = summarizeWorkflowGraph(graphFixture(['a', 'b'], [['a', 'b']]));
    expect(readWorkflowPreview(JSON.parse(JSON.stringify(preview)))).toEqual(preview);
    expect(readWorkflowPreview(null)).toBeNull();
    expect(readWorkflowPreview({ nodeCount: 'x', nodes: [], edges: [] })).toBeNull();
    expect(
      readWorkflowPreview({ nodeCount: 1, nodes: [{ type: 'agent', x: 'a', y: 0 }], edges: [] }),
    ).toBeNull();
  });

  it('draws an unknown node type as a box and drops edges that point nowhere', () => {
    expect(
      readWorkflowPreview({
        nodeCount: 1,
        nodes: [{ type: 'hologram', x: 1, y: 2 }],
        edges: [[0, 0], [0, 5], [-1, 0], 'x'],
      }),
    ).toEqual({ nodeCount: 1, nodes: [{ type: 'agent', x: 1, y: 2 }], edges: [[0, 0]] });
  });
});

describe('index entry preview', () => {
  it('is written at creation and by updates, and an unchanged preview writes nothing', () => {
    const doc = new Y.Doc();
    const first = summarizeWorkflowGraph(graphFixture(['a']));
    createWorkflowEntry(doc, 'wf', { name: 'W', createdAt: 1, preview: first }, USER_ORIGIN);
    expect(readWorkflowIndex(doc)[0]?.preview).toEqual(first);
    let updates = 0;
    doc.on('update', () => updates++);
    updateWorkflowEntry(doc, 'wf', { preview: summarizeWorkflowGraph(graphFixture(['a'])) }, USER_ORIGIN);
    expect(updates).toBe(0);
    const second = summarizeWorkflowGraph(graphFixture(['a', 'b'], [['a', 'b']]));
    updateWorkflowEntry(doc, 'wf', { preview: second }, USER_ORIGIN);
    expect(updates).toBe(1);
    expect(samePreview(readWorkflowIndex(doc)[0]?.preview, second)).toBe(true);
  });

  it('refuses a patch whose preview is not one', () => {
    const doc = new Y.Doc();
    createWorkflowEntry(doc, 'wf', { name: 'W', createdAt: 1 }, USER_ORIGIN);
    expect(() =>
      updateWorkflowEntry(doc, 'wf', { preview: { nodeCount: 'x' } as never }, USER_ORIGIN),
    ).toThrow(TypeError);
    expect(readWorkflowIndex(doc)[0]).not.toHaveProperty('preview');
  });
});
