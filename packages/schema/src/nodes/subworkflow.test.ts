import { describe, expect, it } from 'vitest';
import { checkRunnable } from '../checkRunnable';
import { ErrorCodes } from '../errorCodes';
import type { GraphNode, WorkflowGraph } from '../graphTypes';
import {
  findCallProblem,
  findCallProblemSync,
  type ResolvedCall,
  SUBWORKFLOW_MAX_DEPTH,
  subworkflowNode,
  subworkflowOutputOf,
} from './subworkflow';

const call = (id: string, workflowId: string, extra: Record<string, unknown> = {}): GraphNode => ({
  id,
  type: 'subworkflow',
  position: { x: 0, y: 0 },
  data: { label: `Call ${workflowId}`, key: id, workflowId, ...extra },
});

const graphOf = (...nodes: GraphNode[]): WorkflowGraph => ({ name: 'g', nodes, edges: [] });

describe('sub-workflow node', () => {
  it('reads tolerant data: bad and duplicate input rows dropped, ids default to empty', () => {
    const read = subworkflowNode.read(
      call('s', 'wf', {
        versionId: 7,
        inputs: [{ name: 'topic', value: '{{input}}' }, { name: 'topic' }, { name: 'no space' }, 3],
      }),
    );
    expect(read).toEqual({
      label: 'Call wf',
      workflowId: 'wf',
      versionId: '',
      inputs: [{ name: 'topic', value: '{{input}}' }],
    });
  });

  it('checks the references of its input templates, and asks for a workflow', () => {
    const bad = checkRunnable(graphOf(call('s', 'wf', { inputs: [{ name: 'a', value: '{{nope.out}}' }] })));
    expect(bad.ok).toBe(false);
    const unset = checkRunnable(graphOf(call('s', '')));
    expect(unset.ok).toBe(false);
    if (!unset.ok) expect(unset.message).toContain('choose the workflow to call');
  });

  it('lets downstream templates reach an output by label, whose shape is known only at run time', () => {
    const graph: WorkflowGraph = {
      name: 'g',
      nodes: [
        call('s', 'wf'),
        {
          id: 'a',
          type: 'agent',
          position: { x: 0, y: 0 },
          data: { label: 'Use', key: 'use', userPrompt: '{{nodes.s.output.Summary}}' },
        },
      ],
      edges: [{ id: 's:out->a:in', source: 's', target: 'a', sourceHandle: 'out', targetHandle: 'in' }],
    };
    expect(checkRunnable(graph).ok).toBe(true);
  });

  it('outputs the one output as text, several as a JSON object by label', () => {
    expect(subworkflowOutputOf({ Result: 'hi' })).toBe('hi');
    expect(JSON.parse(subworkflowOutputOf({ A: '1', B: '2' }))).toEqual({ A: '1', B: '2' });
  });
});

describe('findCallProblem', () => {
  const workflows: Record<string, ResolvedCall> = {
    a: { name: 'A', graph: graphOf(call('s1', 'b')) },
    b: { name: 'B', graph: graphOf(call('s2', 'c')) },
    c: { name: 'C', graph: graphOf() },
  };
  const resolve = async (c: { workflowId: string }) => workflows[c.workflowId] ?? null;

  it('accepts a chain without a cycle', async () => {
    expect(await findCallProblem({ workflowId: 'a', ...(workflows.a as ResolvedCall) }, resolve)).toBeNull();
  });

  it('names the cycle, including a workflow calling itself', async () => {
    const looping: Record<string, ResolvedCall> = {
      ...workflows,
      c: { name: 'C', graph: graphOf(call('s3', 'a')) },
    };
    const problem = await findCallProblem(
      { workflowId: 'a', ...(looping.a as ResolvedCall) },
      async (c) => looping[c.workflowId] ?? null,
    );
    expect(problem).toMatchObject({ kind: 'cycle', chain: ['A', 'B', 'C', 'A'] });
    expect(problem?.message).toContain('A → B → C → A');
    const self = await findCallProblem(
      { workflowId: 'x', name: 'X', graph: graphOf(call('s', 'x')) },
      resolve,
    );
    expect(self).toMatchObject({ kind: 'cycle', chain: ['X', 'X'] });
  });

  it('checks a workflow reached twice on each path: depth and cycles depend on the path', async () => {
    // A calls X directly (shallow, fine) and through B → C → D → E, where X → Y is one level too deep.
    const graphs: Record<string, ResolvedCall> = {
      b: { name: 'B', graph: graphOf(call('s', 'c')) },
      c: { name: 'C', graph: graphOf(call('s', 'd')) },
      d: { name: 'D', graph: graphOf(call('s', 'e')) },
      e: { name: 'E', graph: graphOf(call('s', 'x')) },
      x: { name: 'X', graph: graphOf(call('s', 'y')) },
      y: { name: 'Y', graph: graphOf() },
    };
    const root = { workflowId: 'a', name: 'A', graph: graphOf(call('s1', 'x'), call('s2', 'b')) };
    const problem = await findCallProblem(root, async (c) => graphs[c.workflowId] ?? null);
    expect(problem).toMatchObject({ kind: 'depth', chain: ['A', 'B', 'C', 'D', 'E', 'X', 'Y'] });

    // Versions: A → X → B@v2 is fine, A → B@v1 → X → B@v2 comes back to B.
    const byVersion: Record<string, ResolvedCall> = {
      'x@': { name: 'X', graph: graphOf(call('s', 'b', { versionId: 'v2' })) },
      'b@v2': { name: 'B2', graph: graphOf() },
      'b@v1': { name: 'B1', graph: graphOf(call('s', 'x')) },
    };
    const versioned = async (c: { workflowId: string; versionId: string }) =>
      byVersion[`${c.workflowId}@${c.versionId}`] ?? null;
    const both = {
      workflowId: 'a',
      name: 'A',
      graph: graphOf(call('s1', 'x'), call('s2', 'b', { versionId: 'v1' })),
    };
    expect(await findCallProblem(both, versioned)).toMatchObject({
      kind: 'cycle',
      chain: ['A', 'B1', 'X', 'B1'],
    });
  });

  it('names a call it cannot resolve', async () => {
    const problem = await findCallProblem(
      { workflowId: 'r', name: 'R', graph: graphOf(call('s', 'gone')) },
      resolve,
    );
    expect(problem).toMatchObject({ kind: 'missing', chain: ['R', 'Call gone'] });
  });

  it('refuses nesting deeper than the limit', async () => {
    const deep: Record<string, ResolvedCall> = {};
    for (let i = 0; i <= SUBWORKFLOW_MAX_DEPTH + 1; i++)
      deep[`w${i}`] = { name: `W${i}`, graph: graphOf(call(`s${i}`, `w${i + 1}`)) };
    deep[`w${SUBWORKFLOW_MAX_DEPTH + 2}`] = { name: 'end', graph: graphOf() };
    const problem = await findCallProblem(
      { workflowId: 'w0', ...(deep.w0 as ResolvedCall) },
      async (c) => deep[c.workflowId] ?? null,
    );
    expect(problem).toMatchObject({ kind: 'depth' });
    expect(problem?.chain).toHaveLength(SUBWORKFLOW_MAX_DEPTH + 2);
  });

  it('walks the same with a synchronous resolver, naming the call and the error code', async () => {
    // A calls B twice (two nodes) and B calls C, which calls A: the second call to B is never reached.
    const looping: Record<string, ResolvedCall> = {
      b: { name: 'B', graph: graphOf(call('s2', 'c')) },
      c: { name: 'C', graph: graphOf(call('s3', 'a', { label: '' })) },
    };
    const root = { workflowId: 'a', name: 'A', graph: graphOf(call('s1', 'b'), call('s1b', 'b')) };
    const asked: string[] = [];
    const sync = findCallProblemSync(root, (c) => {
      asked.push(c.workflowId);
      return looping[c.workflowId] ?? null;
    });
    expect(sync).toEqual({
      kind: 'cycle',
      code: ErrorCodes.subworkflowCycle,
      chain: ['A', 'B', 'C', 'A'],
      message: 'sub-workflows call each other in a cycle: A → B → C → A',
      // An unlabelled node is named by its id, as checkRunnable names it.
      call: { nodeId: 's3', label: 's3', workflowId: 'a', versionId: '' },
    });
    expect(asked).toEqual(['b', 'c']);
    expect(await findCallProblem(root, async (c) => looping[c.workflowId] ?? null)).toEqual(sync);

    // Each workflow@version is resolved once, however many calls and paths reach it.
    const leaf: ResolvedCall = { name: 'Leaf', graph: graphOf() };
    const wide: Record<string, ResolvedCall> = {
      m: { name: 'M', graph: graphOf(call('x', 'leaf'), call('y', 'leaf')) },
    };
    asked.length = 0;
    const fine = findCallProblemSync(
      { workflowId: 'r', name: 'R', graph: graphOf(call('a', 'm'), call('b', 'm'), call('c', 'leaf')) },
      (c) => {
        asked.push(c.workflowId);
        return c.workflowId === 'leaf' ? leaf : (wide[c.workflowId] ?? null);
      },
    );
    expect(fine).toBeNull();
    expect(asked).toEqual(['m', 'leaf']);
    const missing = findCallProblemSync(
      { workflowId: 'r', name: 'R', graph: graphOf(call('s', 'gone')) },
      () => null,
    );
    expect(missing).toMatchObject({
      kind: 'missing',
      code: ErrorCodes.subworkflowNotFound,
      call: { nodeId: 's' },
    });
  });
});
