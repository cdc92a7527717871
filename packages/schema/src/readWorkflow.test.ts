import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { deriveValidGraph } from './deriveValidGraph';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { workflowMaps } from './workflowDoc';

describe('readWorkflow', () => {
  it('returns nodes and edges sorted by id, detached from the document', () => {
    const doc = new Y.Doc();
    for (const id of ['c', 'a', 'b'])
      addNode(doc, { id, type: 'agent', position: { x: 1, y: 2 } }, USER_ORIGIN);
    connect(doc, { source: 'b', target: 'c' }, USER_ORIGIN);
    connect(doc, { source: 'a', target: 'b' }, USER_ORIGIN);
    const g = readWorkflow(doc);
    expect(g.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(g.edges.map((e) => e.id)).toEqual(['a:out->b:in', 'b:out->c:in']);
    g.nodes[0]!.position.x = 100;
    expect(readWorkflow(doc).nodes[0]!.position.x).toBe(1);
  });

  it('tolerates any content a foreign or buggy client could merge in', () => {
    const doc = new Y.Doc();
    const { meta, nodes, edges } = workflowMaps(doc);
    meta.set('name', ['not', 'a', 'string']);
    const odd = new Y.Map<unknown>();
    nodes.set('odd', odd);
    odd.set('type', 42);
    odd.set('position', 'nowhere');
    odd.set('data', 'not a map');
    const future = new Y.Map<unknown>();
    nodes.set('future', future);
    future.set('type', 'loop');
    const futureData = new Y.Map<unknown>();
    future.set('data', futureData);
    futureData.set('label', new Y.Text('Route'));
    futureData.set('branches', ['x', 'y']);
    const agent = new Y.Map<unknown>();
    nodes.set('agent', agent);
    agent.set('type', 'agent');
    agent.set('position', { x: 'a', y: 3 });
    const agentData = new Y.Map<unknown>();
    agent.set('data', agentData);
    agentData.set('label', 5);
    agentData.set('model', { nested: true });
    agentData.set('userPrompt', 'plain string prompt');
    agentData.set('temperature', 'hot');
    agentData.set('__proto__', 'evil');
    const plain = { type: 'input', position: { x: 1, y: 1 }, data: { label: 'P', value: 'v' } };
    nodes.set('plain', plain as unknown as Y.Map<unknown>);
    nodes.set('garbage', 'string' as unknown as Y.Map<unknown>);
    const noSource = new Y.Map<unknown>();
    edges.set('e1', noSource);
    noSource.set('target', 'agent');
    edges.set('e2', 17 as unknown as Y.Map<unknown>);
    const dangling = new Y.Map<unknown>();
    edges.set('plain:out->gone:in', dangling);
    dangling.set('source', 'plain');
    dangling.set('target', 'gone');
    dangling.set('sourceHandle', 3);

    const g = readWorkflow(doc);
    expect(g.name).toBe('');
    expect(g.nodes).toEqual([
      {
        id: 'agent',
        type: 'agent',
        position: { x: 0, y: 3 },
        data: {
          label: 'Agent',
          provider: 'local',
          model: 'local-demo',
          systemPrompt: '',
          userPrompt: 'plain string prompt',
          fallbacks: [],
        },
      },
      {
        id: 'future',
        type: 'note',
        position: { x: 0, y: 0 },
        data: { label: 'Route', branches: ['x', 'y'], text: '', originalType: 'loop' },
      },
      { id: 'odd', type: 'note', position: { x: 0, y: 0 }, data: { label: 'Note', text: '' } },
      {
        id: 'plain',
        type: 'input',
        position: { x: 1, y: 1 },
        data: { label: 'P', value: 'v', variables: [] },
      },
    ]);
    expect(Object.getPrototypeOf(g.nodes[0]!.data)).toBe(Object.prototype);
    expect(g.edges).toEqual([
      { id: 'plain:out->gone:in', source: 'plain', target: 'gone', sourceHandle: 'out', targetHandle: 'in' },
    ]);
    expect(deriveValidGraph(g).graph.edges).toEqual([]);
  });

  it('reads an empty document as an empty graph', () => {
    expect(readWorkflow(new Y.Doc())).toEqual({ name: '', nodes: [], edges: [] });
  });
});
