import type { GraphNode } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { NO_DECORATIONS, toFlowEdges, toFlowNodes, type WorkflowFlowNode } from './toFlowElements';

const agent = (id: string, x: number, label = id): GraphNode => ({
  id,
  type: 'agent',
  position: { x, y: 0 },
  data: { label, provider: 'local', model: 'local-demo', systemPrompt: '', userPrompt: '' },
});

describe('toFlowNodes', () => {
  it('keeps identity of unchanged nodes and local selection/measurements', () => {
    const first = toFlowNodes([agent('a', 0), agent('b', 100)], []);
    const local: WorkflowFlowNode[] = first.map((n) =>
      n.id === 'a' ? { ...n, selected: true, measured: { width: 220, height: 80 } } : n,
    );
    const next = toFlowNodes([agent('a', 0), agent('b', 100, 'Renamed')], local);
    expect(next[0]).toBe(local[0]);
    expect(next[1]).not.toBe(local[1]);
    expect(next[1]?.data.label).toBe('Renamed');
  });

  it('keeps the live position of a node being dragged, and takes remote positions otherwise', () => {
    const [a, b] = toFlowNodes([agent('a', 0), agent('b', 100)], []);
    const local = [
      { ...(a as WorkflowFlowNode), dragging: true, position: { x: 42, y: 7 } },
      b as WorkflowFlowNode,
    ];
    const next = toFlowNodes([agent('a', 500), agent('b', 600)], local);
    expect(next[0]?.position).toEqual({ x: 42, y: 7 });
    expect(next[1]?.position).toEqual({ x: 600, y: 0 });
  });

  it('carries the workflow and version a Sub-workflow node calls, and nothing for other nodes', () => {
    const call: GraphNode = {
      id: 's',
      type: 'subworkflow',
      position: { x: 0, y: 0 },
      data: { label: 'Summarize', workflowId: 'wf-2', versionId: 'v-1', inputs: [] },
    };
    const [a, s] = toFlowNodes([agent('a', 0), call], []);
    expect(a?.data.calls).toBeNull();
    expect(s?.data.calls).toEqual({ workflowId: 'wf-2', versionId: 'v-1' });
  });

  it('shows preview positions (layout animation, a collaborator’s drag) over the document’s', () => {
    const next = toFlowNodes([agent('a', 0), agent('b', 100)], [], {
      ...NO_DECORATIONS,
      positions: new Map([['b', { x: 5, y: 5 }]]),
      peers: new Map([['b', [{ name: 'Ada', color: 'red', dragging: true }]]]),
    });
    expect(next[1]?.position).toEqual({ x: 5, y: 5 });
    expect(next[1]?.data.peers).toEqual([{ name: 'Ada', color: 'red', dragging: true }]);
  });

  it('drops nodes the document no longer has and carries run status and problems', () => {
    const prev = toFlowNodes([agent('a', 0), agent('b', 100)], []);
    const next = toFlowNodes([agent('b', 100)], prev, {
      ...NO_DECORATIONS,
      runNodes: { b: { status: 'running', attempt: 1, output: '' } },
      problems: new Map([['b', ['A connection to a deleted node is ignored.']]]),
    });
    expect(next.map((n) => n.id)).toEqual(['b']);
    expect(next[0]?.data.runStatus).toBe('running');
    expect(next[0]?.data.problems).toHaveLength(1);
  });

  it('marks run statuses as the last run’s once the graph changed, and only on nodes that have one', () => {
    const next = toFlowNodes([agent('a', 0), agent('b', 100)], [], {
      ...NO_DECORATIONS,
      runNodes: { a: { status: 'succeeded', attempt: 1, output: 'done' } },
      runStale: true,
    });
    expect(next.map((n) => n.data.runStale)).toEqual([true, false]);
    expect(toFlowNodes([agent('a', 0)], [])[0]?.data.runStale).toBe(false);
  });

  it('gives a router one handle per branch and an input its variable names', () => {
    const router: GraphNode = {
      id: 'r',
      type: 'router',
      position: { x: 0, y: 0 },
      data: {
        label: 'Route',
        branches: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    };
    const input: GraphNode = {
      id: 'i',
      type: 'input',
      position: { x: 0, y: 0 },
      data: { label: 'In', variables: [{ name: 'topic', type: 'string', default: '' }] },
    };
    const [r, i] = toFlowNodes([router, input], []);
    expect(r?.data.branches).toEqual([
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ]);
    expect(i?.data.variables).toEqual(['topic']);
  });
});

describe('toFlowEdges', () => {
  it('marks cycle edges and keeps local selection', () => {
    const edges = [
      { id: 'a:out->b:in', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' },
      { id: 'b:out->a:in', source: 'b', target: 'a', sourceHandle: 'out', targetHandle: 'in' },
    ];
    const first = toFlowEdges(edges, new Set(), null, []);
    const selected = first.map((e, i) => (i === 0 ? { ...e, selected: true } : e));
    const next = toFlowEdges(edges, new Set(['a:out->b:in', 'b:out->a:in']), null, selected);
    expect(next.map((e) => e.className)).toEqual(['edge--cycle', 'edge--cycle']);
    expect(next[0]?.selected).toBe(true);
    expect(next[0]?.data).toEqual({ inCycle: true });
  });
});
