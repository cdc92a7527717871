import { ErrorCodes, SUBWORKFLOW_MAX_DEPTH, type WorkflowBundle, type WorkflowGraph } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { buildExportPlan, ExportError } from './buildExportPlan';
import { exportWorkflow } from './exportWorkflow';
import { edge, node } from './test/graphBuilders';

function graph(name: string, nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[] = []) {
  return { name, nodes, edges } as WorkflowGraph;
}

/** A workflow whose one Sub-workflow node calls `workflowId` (and, when given, a second one). */
function caller(name: string, workflowId: string, versionId = '', extra: ReturnType<typeof node>[] = []) {
  return graph(name, [
    node('call', 'subworkflow', { label: `Call ${workflowId}`, workflowId, versionId, inputs: [] }),
    ...extra,
  ]);
}

function exportError(run: () => unknown): ExportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExportError) return error;
    throw error;
  }
  throw new Error('expected an ExportError');
}

describe('buildExportPlan with sub-workflows', () => {
  it('plans each called workflow once, at every depth, and unions their providers and secrets', () => {
    const leaf = graph('Leaf', [
      node('a', 'agent', { provider: 'anthropic', model: 'claude' }),
      node('h', 'http', { method: 'GET', url: 'https://example.com/{{secrets.LEAF_KEY}}' }),
      node('o', 'output', { label: 'Answer' }),
    ]);
    const middle = caller('Middle', 'leaf', 'v2', [
      node('again', 'subworkflow', { workflowId: 'leaf', versionId: 'v2' }),
    ]);
    const bundle: WorkflowBundle = {
      'middle@': { versionId: 'v9', workflow: middle },
      'leaf@v2': { versionId: 'v2', workflow: leaf },
    };
    const root = graph(
      'Root',
      [
        node('in', 'input', { label: 'In', value: 'x' }),
        node('sub', 'subworkflow', {
          label: 'Middle',
          workflowId: 'middle',
          versionId: '',
          inputs: [{ name: 'text', value: 'about {{input}}' }],
        }),
      ],
      [edge('in', 'sub')],
    );
    const plan = buildExportPlan(root, bundle);
    expect(plan.nodes.find((n) => n.id === 'sub')).toEqual({
      id: 'sub',
      label: 'Middle',
      after: [{ source: 'in', handle: 'out' }],
      type: 'subworkflow',
      workflowId: 'middle',
      versionId: '',
      workflow: 'middle@',
      inputs: [['text', 'about {{input}}']],
    });
    expect(plan.subworkflows.map((s) => [s.key, s.name, s.versionId])).toEqual([
      ['middle@', 'Middle', 'v9'],
      ['leaf@v2', 'Leaf', 'v2'],
    ]);
    // A called workflow's outputs are its Output nodes only (what its result is made of), and a
    // workflow without one returns {} rather than its sinks.
    expect(plan.subworkflows[1]?.outputs).toEqual([{ id: 'o', label: 'Answer' }]);
    expect(plan.subworkflows[0]?.outputs).toEqual([]);
    expect(plan.providers.map((p) => p.id)).toEqual(['anthropic']);
    expect(plan.secrets).toEqual(['LEAF_KEY']);
    // Without sub-workflows the plan has none, and outputs stay "what the run prints".
    expect(buildExportPlan(leaf).subworkflows).toEqual([]);
  });

  it('refuses a call the bundle lacks, naming the node and the workflow it sits in', () => {
    const error = exportError(() =>
      buildExportPlan(caller('Root', 'middle'), {
        'middle@': { versionId: 'v1', workflow: caller('Middle', 'gone', 'v3') },
      }),
    );
    expect(error.code).toBe(ErrorCodes.subworkflowNotFound);
    expect(error.message).toMatch(
      /^Call gone \(in Middle\): the workflow it calls \(gone, its pinned version v3\) is not in this file\. Download/,
    );
  });

  it('refuses a cycle and chains deeper than SUBWORKFLOW_MAX_DEPTH, with the chain', () => {
    const cycle = exportError(() =>
      buildExportPlan(caller('Root', 'a'), {
        'a@': { versionId: '1', workflow: caller('A', 'b') },
        'b@': { versionId: '1', workflow: caller('B', 'a') },
      }),
    );
    expect(cycle.code).toBe(ErrorCodes.subworkflowCycle);
    expect(cycle.message).toBe('Call a: sub-workflows call each other in a cycle: Root → A → B → A');

    const chain = (depth: number): WorkflowBundle =>
      Object.fromEntries(
        Array.from({ length: depth }, (_, i) => [
          `w${i}@`,
          {
            versionId: '1',
            workflow: i === depth - 1 ? graph(`W${i}`, [node('o', 'output')]) : caller(`W${i}`, `w${i + 1}`),
          },
        ]),
      );
    expect(buildExportPlan(caller('Root', 'w0'), chain(SUBWORKFLOW_MAX_DEPTH)).subworkflows).toHaveLength(
      SUBWORKFLOW_MAX_DEPTH,
    );
    const deep = exportError(() => buildExportPlan(caller('Root', 'w0'), chain(SUBWORKFLOW_MAX_DEPTH + 1)));
    expect(deep.code).toBe(ErrorCodes.subworkflowTooDeep);
    expect(deep.message).toContain(`nest deeper than ${SUBWORKFLOW_MAX_DEPTH} levels: Root → W0 →`);
  });

  it('follows a workflow reached twice on each path: a cycle through versions is not missed', () => {
    // Root → X → B@v2 is fine; Root → B@v1 → X → B@v2 calls B again.
    const cycle = exportError(() =>
      buildExportPlan(
        graph('Root', [
          // Planned in id order: the shallow call to X first.
          node('first', 'subworkflow', { label: 'Call x', workflowId: 'x', versionId: '' }),
          node('then', 'subworkflow', { label: 'Call b', workflowId: 'b', versionId: 'v1' }),
        ]),
        {
          'x@': { versionId: '1', workflow: caller('X', 'b', 'v2') },
          'b@v2': { versionId: 'v2', workflow: graph('B2', [node('o', 'output')]) },
          'b@v1': { versionId: 'v1', workflow: caller('B1', 'x') },
        },
      ),
    );
    expect(cycle.code).toBe(ErrorCodes.subworkflowCycle);
    expect(cycle.message).toContain('Root → B1 → X → B1');
  });

  it('judges a chain as run intake does: a call back to a workflow on it is a cycle, bundled or not', () => {
    // A calls itself at a version the file lacks: intake refuses the cycle before it looks the version
    // up, and so does export (one walk, findCallProblem).
    const cycle = exportError(() =>
      buildExportPlan(caller('Root', 'a'), { 'a@': { versionId: '1', workflow: caller('A', 'a', 'v9') } }),
    );
    expect(cycle.code).toBe(ErrorCodes.subworkflowCycle);
    expect(cycle.message).toBe('Call a: sub-workflows call each other in a cycle: Root → A → A');
  });

  it('says which called workflow a node it cannot export sits in', () => {
    const gated = graph('Gated', [node('ok', 'approval', { label: 'Sign off' })]);
    const error = exportError(() =>
      buildExportPlan(caller('Root', 'g'), { 'g@': { versionId: '1', workflow: gated } }),
    );
    expect(error.code).toBe(ErrorCodes.exportUnsupported);
    expect(error.message).toMatch(
      /^In the sub-workflow "Gated": Sign off: Human approval nodes cannot be exported/,
    );
    const broken = graph('Broken', [node('s', 'subworkflow', { label: 'Unset', workflowId: '' })]);
    const invalid = exportError(() =>
      buildExportPlan(caller('Root', 'b'), { 'b@': { versionId: '1', workflow: broken } }),
    );
    expect(invalid.code).toBe(ErrorCodes.nodeInvalidConfig);
    expect(invalid.message).toBe('In the sub-workflow "Broken": Unset: choose the workflow to call');
  });

  it('emits each called workflow as a nested table and names it in the header, in both languages', () => {
    const leaf = graph('Leaf "quoted"', [
      node('h', 'http', { method: 'GET', url: 'https://example.com' }),
      node('o', 'output'),
    ]);
    const bundle: WorkflowBundle = { 'leaf@': { versionId: 'v7', workflow: leaf } };
    const python = exportWorkflow(caller('Root', 'leaf'), { lang: 'python', subworkflows: bundle });
    expect(python).toContain(
      '# Workflows its Sub-workflow nodes call, in this file as saved when it was exported:',
    );
    expect(python).toContain('#   Leaf "quoted" (leaf@, the version published when exported: v7)');
    expect(python).toContain(
      '#   Leaf "quoted" (leaf@, the version published when exported: v7)\n#\n# HTTP request nodes send',
    );
    expect(python).toContain('        "workflow": "leaf@",\n        "inputs": [],');
    expect(python).toContain(
      'SUBWORKFLOWS = {\n    # Leaf "quoted" (the version published when exported: v7)\n    "leaf@": {\n        "name": "Leaf \\"quoted\\"",',
    );
    expect(python).toContain('            "h": {\n                "type": "http",');
    const ts = exportWorkflow(caller('Root', 'leaf'), { lang: 'ts', subworkflows: bundle });
    expect(ts).toContain(
      'const SUBWORKFLOWS: Record<string, WorkflowSpec> = {\n  // Leaf "quoted" (the version published when exported: v7)\n  \'leaf@\': {',
    );
    expect(ts).toContain("      'h': {\n        type: 'http',");
    // Without calls the table is there, empty, so the runtime is the same in every export.
    expect(exportWorkflow(leaf, { lang: 'python' })).toContain('SUBWORKFLOWS = {}');
    expect(exportWorkflow(leaf, { lang: 'ts' })).toContain(
      'const SUBWORKFLOWS: Record<string, WorkflowSpec> = {};',
    );
  });
});
