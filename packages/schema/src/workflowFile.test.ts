import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from './addNode';
import { connect } from './connect';
import { normalizeGraph } from './normalizeGraph';
import { USER_ORIGIN } from './origins';
import { readWorkflow } from './readWorkflow';
import { setNodeField } from './setNodeField';
import { graphFixture } from './test/graphFixture';
import { initWorkflowDoc } from './workflowDoc';
import { parseWorkflowFile, toWorkflowFile, WORKFLOW_FILE_VERSION } from './workflowFile';

function sampleDoc(): Y.Doc {
  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name: 'Research brief' }, USER_ORIGIN);
  const input = addNode(
    doc,
    { type: 'input', position: { x: 0, y: 0 }, data: { value: 'LLMs' } },
    USER_ORIGIN,
  );
  const agent = addNode(
    doc,
    { type: 'agent', position: { x: 240, y: 10.5 }, data: { label: 'Researcher', temperature: 0.2 } },
    USER_ORIGIN,
  );
  setNodeField(doc, agent, 'systemPrompt', 'Be thorough.\nCite sources: “quotes” ✓', USER_ORIGIN);
  addNode(doc, { type: 'note', position: { x: 0, y: 200 }, data: { text: 'remember' } }, USER_ORIGIN);
  connect(doc, { source: input, target: agent }, USER_ORIGIN);
  return doc;
}

describe('workflow file', () => {
  it('round-trips a graph through JSON text', () => {
    const graph = readWorkflow(sampleDoc());
    const file = toWorkflowFile(graph, Date.UTC(2026, 10, 20, 12, 0, 0));
    expect(file).toMatchObject({
      format: 'synapse.workflow',
      version: 1,
      exportedAt: '2026-11-20T12:00:00.000Z',
    });
    const parsed = parseWorkflowFile(JSON.stringify(file, null, 2));
    expect(parsed).toEqual({ ok: true, graph });
    // The file holds a copy: changing it does not change the graph it came from.
    file.workflow.name = 'changed';
    expect(graph.name).toBe('Research brief');
  });

  it('accepts a bare WorkflowGraph and normalises it', () => {
    const bare = graphFixture(['a', 'b'], [['a', 'b']]);
    const parsed = parseWorkflowFile(bare);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.graph).toEqual(normalizeGraph(bare));
    expect(parsed.graph.nodes[0]?.data).toMatchObject({ provider: 'local', userPrompt: '', fallbacks: [] });
  });

  it('refuses a newer format version with a message that says so', () => {
    const file = { ...toWorkflowFile(graphFixture(['a']), 0), version: WORKFLOW_FILE_VERSION + 1 };
    const parsed = parseWorkflowFile(file);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain('newer version of Synapse');
    expect(parsed.message).toContain('version 2');
  });

  it.each([
    ['not JSON', '{"format":', 'not JSON'],
    ['an array', '[]', 'expected a JSON object'],
    ['another format', { format: 'n8n.workflow', version: 1 }, '"n8n.workflow"'],
    ['no format and no nodes', { hello: 'world' }, 'not a Synapse workflow'],
    ['a bad version', { format: 'synapse.workflow', version: '1', workflow: {} }, 'invalid version'],
    ['no workflow', { format: 'synapse.workflow', version: 1 }, 'has no "workflow"'],
    [
      'a node with a bad id',
      toWorkflowFile(
        {
          name: 'x',
          nodes: [{ id: 'a/b', type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } }],
          edges: [],
        },
        0,
      ),
      'not a valid workflow',
    ],
    [
      'an unknown node type',
      {
        name: 'x',
        nodes: [{ id: 'a', type: 'script', position: { x: 0, y: 0 }, data: { label: 'A' } }],
        edges: [],
      },
      'not a valid workflow',
    ],
    [
      'a non-finite position',
      {
        name: 'x',
        nodes: [{ id: 'a', type: 'agent', position: { x: 'left', y: 0 }, data: { label: 'A' } }],
        edges: [],
      },
      'not a valid workflow',
    ],
  ])('refuses %s with a readable message', (_what, input, expected) => {
    const parsed = parseWorkflowFile(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(expected);
  });
});
