import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { edgeId } from './edgeId';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { setNodeField } from './setNodeField';
import { graphFixture } from './test/graphFixture';
import { initWorkflowDoc, readWorkflowMeta, workflowMaps } from './workflowDoc';
import { parseWorkflowFile } from './workflowFile';
import { writeWorkflowGraph } from './writeWorkflowGraph';

describe('writeWorkflowGraph', () => {
  it('copies a workflow into a new document exactly (a duplicate)', () => {
    const source = new Y.Doc();
    initWorkflowDoc(source, { name: 'Source' }, USER_ORIGIN);
    const a = addNode(
      source,
      { type: 'input', position: { x: 1, y: 2 }, data: { value: 'topic' } },
      USER_ORIGIN,
    );
    const b = addNode(
      source,
      { type: 'agent', position: { x: 300, y: 2 }, data: { maxTokens: 200 } },
      USER_ORIGIN,
    );
    const r = addNode(source, { type: 'router', position: { x: 600, y: 2 } }, USER_ORIGIN);
    setNodeField(source, b, 'systemPrompt', 'You write.', USER_ORIGIN);
    connect(source, { source: a, target: b }, USER_ORIGIN);
    connect(source, { source: b, target: r }, USER_ORIGIN);
    const graph = readWorkflow(source);

    const copy = new Y.Doc();
    writeWorkflowGraph(copy, graph, USER_ORIGIN);
    expect(readWorkflow(copy)).toEqual(graph);
    expect(readWorkflowMeta(copy)).toMatchObject({ schemaVersion: 2, name: 'Source' });
    // Prompts are collaborative text again, not plain strings.
    const data = workflowMaps(copy).nodes.get(b)?.get('data') as Y.Map<unknown>;
    expect(data.get('systemPrompt')).toBeInstanceOf(Y.Text);
  });

  it('writes in one transaction and keeps cycles, skips dangling edges and bad fields', () => {
    const graph = graphFixture(
      ['a', 'b'],
      [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'gone'],
      ],
      {
        a: { temperature: 'hot', custom: { keep: true } },
      },
    );
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('beforeTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    writeWorkflowGraph(doc, graph, USER_ORIGIN);
    expect(origins).toEqual([USER_ORIGIN]);
    const read = readWorkflow(doc);
    expect(read.edges.map((e) => e.id).sort()).toEqual(
      [edgeId({ source: 'a', target: 'b' }), edgeId({ source: 'b', target: 'a' })].sort(),
    );
    const a = read.nodes.find((n) => n.id === 'a');
    expect(a?.data.temperature).toBeUndefined();
    expect(a?.data.custom).toEqual({ keep: true });
  });

  it('never overwrites what the document already has', () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Existing' }, USER_ORIGIN);
    addNode(doc, { id: 'a', type: 'agent', position: { x: 5, y: 5 }, data: { label: 'Mine' } }, USER_ORIGIN);
    writeWorkflowGraph(doc, graphFixture(['a', 'b'], [['a', 'b']]), USER_ORIGIN);
    const read = readWorkflow(doc);
    expect(read.name).toBe('Existing');
    expect(read.nodes.find((n) => n.id === 'a')?.data.label).toBe('Mine');
    expect(read.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(read.edges).toHaveLength(1);
  });

  it('imports a file and exports it back equal', () => {
    const text = JSON.stringify({
      format: 'synapse.workflow',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      workflow: graphFixture(['in', 'w'], [['in', 'w']], {
        in: { key: 'topic' },
        w: { systemPrompt: 'Hi', key: 'w' },
      }),
    });
    const parsed = parseWorkflowFile(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const doc = new Y.Doc();
    writeWorkflowGraph(doc, parsed.graph, USER_ORIGIN);
    expect(readWorkflow(doc)).toEqual(parsed.graph);
  });

  it('gives the nodes of a file written before keys a key from their label', () => {
    const doc = new Y.Doc();
    const g = graphFixture(['Node-A', 'Node-B', 'research'], [], {
      'Node-A': { label: 'Draft' },
      'Node-B': { label: 'Draft' },
      research: { label: 'Researcher' },
    });
    writeWorkflowGraph(doc, g, USER_ORIGIN);
    // A readable id (a template's, say) becomes the key, so its {{nodes.research.output}} stays right.
    expect(readWorkflow(doc).nodes.map((n) => n.data.key)).toEqual(['draft', 'draft_2', 'research']);
  });
});
