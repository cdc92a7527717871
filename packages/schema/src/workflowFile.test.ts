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
import {
  bundledWorkflowOf,
  followBundledCalls,
  parseWorkflowFile,
  toWorkflowFile,
  WORKFLOW_FILE_VERSION,
} from './workflowFile';

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
    expect(parsed).toEqual({ ok: true, graph, subworkflows: {} });
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
    expect(parsed.message).toContain(`version ${WORKFLOW_FILE_VERSION + 1}`);
  });

  it('carries the graphs sub-workflows call as a version 2 file; old files read with an empty bundle', () => {
    const parent = graphFixture(['a']);
    const child = graphFixture(['c']);
    const bundle = { 'wf-child@': { versionId: 'v7', workflow: child } };
    const file = toWorkflowFile(parent, 0, bundle);
    expect(file.version).toBe(2);
    const parsed = parseWorkflowFile(JSON.stringify(file));
    expect(parsed).toEqual({
      ok: true,
      graph: normalizeGraph(parent),
      subworkflows: { 'wf-child@': { versionId: 'v7', workflow: normalizeGraph(child) } },
    });
    if (!parsed.ok) return;
    expect(bundledWorkflowOf(parsed.subworkflows, { workflowId: 'wf-child', versionId: '' })?.versionId).toBe(
      'v7',
    );
    expect(bundledWorkflowOf(parsed.subworkflows, { workflowId: 'wf-child', versionId: 'v7' })).toBeNull();
    expect(bundledWorkflowOf(parsed.subworkflows, { workflowId: '__proto__', versionId: '' })).toBeNull();
    // No bundle: still version 1, which readers from before sub-workflows accept.
    expect(toWorkflowFile(parent, 0, {}).version).toBe(1);
    expect(toWorkflowFile(parent, 0)).not.toHaveProperty('subworkflows');
  });

  it("follows a file's calls through its bundle: each bundled workflow once, a missing one named", () => {
    const calling = (name: string, ...calls: [string, string, string][]) => ({
      ...graphFixture(
        calls.map(([id]) => [id, 'subworkflow']),
        [],
        Object.fromEntries(calls.map(([id, workflowId, versionId]) => [id, { workflowId, versionId }])),
      ),
      name,
    });
    const bundle = {
      'mid@': { versionId: 'v1', workflow: calling('Mid', ['m1', 'leaf', 'v2'], ['m2', 'leaf', 'v2']) },
      'leaf@v2': { versionId: 'v2', workflow: calling('') },
    };
    const reached: string[] = [];
    const root = calling('Root', ['a', 'mid', ''], ['b', 'leaf', 'v2']);
    expect(
      followBundledCalls(root, bundle, (call, bundled, name) =>
        reached.push(`${call.workflowId}:${bundled.versionId}:${name}`),
      ),
    ).toBeNull();
    // In the order first called; a bundled graph without a name is named by its workflow id.
    expect(reached).toEqual(['mid:v1:Mid', 'leaf:v2:leaf']);

    const missing = followBundledCalls(root, { 'mid@': bundle['mid@'] });
    expect(missing).toMatchObject({ kind: 'missing', chain: ['Root', 'Mid', 'm1'], call: { nodeId: 'm1' } });
    expect(missing?.message).toMatch(
      /^m1 \(in Mid\): the workflow it calls \(leaf, its pinned version v2\) is not in this file\./,
    );
  });

  it.each([
    ['a bundle that is not an object', [], 'must be an object'],
    [
      'a key without a version part',
      { 'wf-child': { versionId: '', workflow: graphFixture(['c']) } },
      'keyed by',
    ],
    ['an entry without versionId', { 'wf@': { workflow: graphFixture(['c']) } }, 'needs a "versionId"'],
    [
      'an entry whose graph is invalid',
      { 'wf@': { versionId: 'v1', workflow: { name: 'x', nodes: [{ id: 'a/b' }], edges: [] } } },
      'The sub-workflow "wf@" in this file is not a valid workflow',
    ],
  ])('refuses %s', (_name, subworkflows, message) => {
    const file = { ...toWorkflowFile(graphFixture(['a']), 0), version: 2, subworkflows };
    const parsed = parseWorkflowFile(file);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
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
