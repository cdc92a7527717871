import { diffWorkflows, type WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { describeField } from './describeField';
import { toDiffElements } from './toDiffElements';

const node = (id: string, label: string, x = 0) => ({
  id,
  type: 'agent' as const,
  position: { x, y: 0 },
  data: { label, provider: 'local', model: 'local-demo', systemPrompt: '', userPrompt: '' },
});
const edge = (source: string, target: string, sourceHandle = 'out') => ({
  id: `${source}:${sourceHandle}->${target}:in`,
  source,
  target,
  sourceHandle,
  targetHandle: 'in',
});

describe('toDiffElements', () => {
  const from: WorkflowGraph = {
    name: 'w',
    nodes: [node('a', 'A'), node('b', 'B', 300), node('gone', 'Gone', 600)],
    edges: [edge('a', 'b'), edge('b', 'gone')],
  };
  const to: WorkflowGraph = {
    name: 'w',
    nodes: [node('a', 'A'), node('b', 'B2', 300), node('new', 'New', 900)],
    edges: [edge('a', 'b'), edge('b', 'new', 'alt')],
  };

  it('draws every node of the newer side plus removed ghosts, each with its status and changed fields', () => {
    const { nodes } = toDiffElements(from, to, diffWorkflows(from, to));
    expect(nodes.map((n) => [n.id, n.data.status, n.data.fields])).toEqual([
      ['a', 'same', []],
      ['b', 'changed', ['label']],
      ['new', 'added', []],
      ['gone', 'removed', []],
    ]);
    expect(nodes.find((n) => n.id === 'gone')?.position).toEqual({ x: 600, y: 0 });
    expect(nodes.every((n) => n.draggable === false && n.connectable === false)).toBe(true);
  });

  it('draws added, kept and removed edges, with handles on both ends of each', () => {
    const { nodes, edges } = toDiffElements(from, to, diffWorkflows(from, to));
    expect(edges.map((e) => [e.id, e.className])).toEqual([
      ['same:a:out->b:in', 'diff-edge diff-edge--same'],
      ['added:b:alt->new:in', 'diff-edge diff-edge--added'],
      ['removed:b:out->gone:in', 'diff-edge diff-edge--removed'],
    ]);
    expect(nodes.find((n) => n.id === 'b')?.data.sourceHandles).toEqual(['alt', 'out']);
    expect(nodes.find((n) => n.id === 'gone')?.data.targetHandles).toEqual(['in']);
  });

  it('moves a ghost down when a node of the newer side now stands where it stood', () => {
    const later: WorkflowGraph = { ...to, nodes: [...to.nodes, node('over', 'Over', 620)] };
    const { nodes } = toDiffElements(from, later, diffWorkflows(from, later));
    const ghost = nodes.find((n) => n.id === 'gone')!;
    expect(ghost.position.x).toBe(600);
    expect(ghost.position.y).toBeGreaterThanOrEqual(100);
  });

  it('draws one version alone when given the same graph twice', () => {
    const { nodes, edges } = toDiffElements(from, from, diffWorkflows(from, from));
    expect(nodes.map((n) => n.data.status)).toEqual(['same', 'same', 'same']);
    expect(edges).toHaveLength(2);
  });
});

describe('describeField', () => {
  it('names fields as people read them and keeps unknown keys', () => {
    expect(describeField('systemPrompt')).toBe('System prompt');
    expect(describeField('label')).toBe('Name');
    expect(describeField('customThing')).toBe('customThing');
    expect(describeField('toString')).toBe('toString');
  });
});
