import type { GraphNode, WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { colorForClient } from '../../presence/colorForClient';
import { diagnoseGraph } from '../diagnostics/diagnoseGraph';
import { nodeProblems, peerDecorations } from './canvasDecorations';

const agent = (id: string, data: Record<string, unknown> = {}): GraphNode => ({
  id,
  type: 'agent',
  position: { x: 0, y: 0 },
  data: { label: id.toUpperCase(), ...data },
});
const edge = (source: string, target: string) => ({
  id: `${source}:out->${target}:in`,
  source,
  target,
  sourceHandle: 'out',
  targetHandle: 'in',
});

describe('nodeProblems', () => {
  it('puts dangling edges on the surviving node, cycles on their nodes, and unknown references', () => {
    const graph: WorkflowGraph = {
      name: '',
      nodes: [agent('a'), agent('b'), agent('c', { userPrompt: '{{nodes.zz.output}}' })],
      edges: [edge('a', 'b'), edge('b', 'a'), edge('c', 'gone')],
    };
    const problems = nodeProblems(diagnoseGraph(graph));
    expect(problems.get('a')).toEqual([
      'On a cycle: Run is disabled until one of its red connections is removed.',
    ]);
    expect(problems.get('c')).toEqual([
      'Its connection to a deleted node is ignored.',
      'C refers to {{nodes.zz.output}}, but no such node exists.',
    ]);
  });
});

describe('peerDecorations', () => {
  const peer = (
    clientId: number,
    selection: string[],
    dragging: Record<string, { x: number; y: number }>,
  ) => ({
    clientId,
    name: `P${clientId}`,
    color: colorForClient(clientId),
    cursor: null,
    selection,
    dragging,
  });

  it('marks selections and drags, and previews dragged positions unless we drag that node too', () => {
    const { marks, positions } = peerDecorations(
      [peer(1, ['a'], {}), peer(2, ['a'], { b: { x: 9, y: 9 }, c: { x: 1, y: 1 } })],
      new Set(['c']),
    );
    expect(marks.get('a')?.map((m) => m.name)).toEqual(['P1', 'P2']);
    expect(marks.get('b')).toEqual([{ name: 'P2', color: colorForClient(2), dragging: true }]);
    expect([...positions]).toEqual([['b', { x: 9, y: 9 }]]);
  });
});
