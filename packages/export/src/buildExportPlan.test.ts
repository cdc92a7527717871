import {
  ErrorCodes,
  routerInstruction,
  structuredOutputInstruction,
  structuredRepairParts,
  type WorkflowGraph,
} from '@synapse/schema';
import { RUNNABLE_CASES } from '@synapse/schema/runnableCases';
import { describe, expect, it } from 'vitest';
import { buildExportPlan, ExportError } from './buildExportPlan';
import { edge, node } from './test/graphBuilders';

function graph(nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[] = []): WorkflowGraph {
  return { name: 'plan', nodes, edges } as WorkflowGraph;
}

describe('buildExportPlan', () => {
  it('resolves agents as the runner does: chain, default prompt, clamped retries, timeout', () => {
    const plan = buildExportPlan(
      graph([
        node('a', 'agent', {
          provider: 'openai',
          model: 'gpt-5',
          userPrompt: '',
          retries: 99.7,
          timeoutMs: 0,
          temperature: 0.5,
          fallbacks: [{ provider: 'anthropic', model: 'claude' }, { provider: '' }],
        }),
        node('b', 'agent', { retries: -3, timeoutMs: 1500, maxTokens: 64 }),
      ]),
    );
    expect(plan.nodes).toEqual([
      {
        id: 'a',
        label: 'a',
        after: [],
        type: 'agent',
        models: [
          { provider: 'openai', model: 'gpt-5' },
          { provider: 'anthropic', model: 'claude' },
        ],
        system: '',
        prompt: '{{input}}',
        temperature: 0.5,
        maxTokens: null,
        retries: 10,
        timeoutMs: null,
        structured: null,
      },
      expect.objectContaining({
        id: 'b',
        models: [{ provider: 'local', model: 'local-demo' }],
        retries: 0,
        timeoutMs: 1500,
        maxTokens: 64,
      }),
    ]);
  });

  it('sorts incoming edges by source in code-unit order and drops edges touching notes', () => {
    const plan = buildExportPlan(
      graph(
        [node('z', 'input'), node('B', 'input'), node('a', 'input'), node('j', 'output'), node('n', 'note')],
        [edge('z', 'j'), edge('a', 'j'), edge('B', 'j'), edge('n', 'j')],
      ),
    );
    expect(plan.nodes.map((n) => n.id)).toEqual(['B', 'a', 'j', 'z']);
    expect(plan.nodes.find((n) => n.id === 'j')?.after.map((e) => e.source)).toEqual(['B', 'a', 'z']);
  });

  it('fixes an LLM router instruction at export time, the same text the runner sends', () => {
    const plan = buildExportPlan(
      graph([
        node('r', 'router', {
          mode: 'llm',
          systemPrompt: '  Be brief {{input}}  ',
          branches: [
            { id: 'x', label: 'Yes please' },
            { id: 'y', label: 'no', match: 'else' },
          ],
        }),
      ]),
    );
    const router = plan.nodes[0];
    expect(router).toMatchObject({ type: 'router', mode: 'llm', prompt: '{{input}}', retries: 2 });
    expect(router?.type === 'router' && router.mode === 'llm' && router.system).toBe(
      routerInstruction([{ label: 'Yes please' }, { label: 'no' }], '  Be brief {{input}}  '),
    );
  });

  it('lists inputs in declaration order and outputs as runHeadless picks them', () => {
    const withOutputs = buildExportPlan(
      graph(
        [
          node('i1', 'input', { variables: [{ name: 'a', type: 'number', default: '1', description: 'A' }] }),
          node('i2', 'input', { variables: [{ name: 'a', type: 'text', default: 'later' }] }),
          node('o2', 'output', { label: '' }),
          node('o1', 'output', { label: 'First' }),
        ],
        [edge('i1', 'o1'), edge('i2', 'o2')],
      ),
    );
    expect(withOutputs.inputs).toEqual([
      // Declared without `required`: optional, as in the document schema.
      { name: 'a', type: 'number', default: '1', description: 'A', required: false },
      { name: 'a', type: 'text', default: 'later', description: '', required: false },
    ]);
    expect(withOutputs.outputs).toEqual([
      { id: 'o2', label: 'o2' },
      { id: 'o1', label: 'First' },
    ]);
    const sinks = buildExportPlan(
      graph([node('a', 'agent'), node('b', 'agent'), node('c', 'agent')], [edge('a', 'b')]),
    );
    expect(sinks.outputs.map((o) => o.id)).toEqual(['b', 'c']);
  });

  it('names the providers the chains use, known or not', () => {
    const plan = buildExportPlan(
      graph([
        node('a', 'agent', {
          provider: 'openai',
          model: 'm',
          fallbacks: [{ provider: 'mystery', model: 'x' }],
        }),
        node('r', 'router', { mode: 'rule', provider: 'anthropic' }),
        node('b', 'agent', { provider: 'custom:my-llm', model: 'm' }),
      ]),
    );
    expect(plan.providers.map((p) => p.id)).toEqual(['custom:my-llm', 'openai']);
    expect(plan.providers[0]).toMatchObject({
      keyEnv: 'CUSTOM_MY_LLM_API_KEY',
      baseURLEnv: 'CUSTOM_MY_LLM_BASE_URL',
    });
    expect(plan.unknownProviders).toEqual(['mystery']);
  });

  it('refuses what Synapse would refuse to run', () => {
    const refused = (g: WorkflowGraph) => {
      try {
        buildExportPlan(g);
      } catch (error) {
        return error instanceof ExportError ? error.code : 'other';
      }
      return 'exported';
    };
    expect(refused(graph([node('a', 'agent'), node('b', 'agent')], [edge('a', 'b'), edge('b', 'a')]))).toBe(
      'synapse.dag.cycle',
    );
    expect(refused(graph([node('n', 'note')]))).toBe('synapse.dag.empty');
    expect(
      refused(graph([node('a', 'agent'), node('b', 'agent', { userPrompt: '{{nodes.a.output}}' })])),
    ).toBe('synapse.dag.unknown_reference');
    expect(refused(graph([node('a', 'agent', { userPrompt: '{{input.nope}}' })]))).toBe(
      'synapse.dag.unknown_reference',
    );
  });

  it('refuses a Human approval node by name: a script has nobody to ask', () => {
    const gated = graph(
      [node('in', 'input'), node('gate', 'approval', { label: 'Legal review' })],
      [edge('in', 'gate')],
    );
    expect(() => buildExportPlan(gated)).toThrow(
      expect.objectContaining({
        name: 'ExportError',
        code: ErrorCodes.exportUnsupported,
        message: expect.stringMatching(/^Legal review: Human approval nodes cannot be exported/),
      }),
    );
  });

  it('refuses an agent with tools or memory by name instead of exporting it without them', () => {
    const withTools = graph([node('a', 'agent', { label: 'Researcher', tools: ['builtin:web_search'] })]);
    expect(() => buildExportPlan(withTools)).toThrow(
      expect.objectContaining({
        code: ErrorCodes.exportUnsupported,
        message: expect.stringMatching(/^Researcher: an agent using tools cannot be exported/),
      }),
    );
    const withMemory = graph([node('a', 'agent', { label: 'Notes', memoryRead: true })]);
    expect(() => buildExportPlan(withMemory)).toThrow(/^Notes: an agent using workspace memory cannot/);
  });

  describe('refuses the shared checkRunnable table as intake, runner and CLI do', () => {
    for (const c of RUNNABLE_CASES) {
      // Exported scripts check run inputs when they run, so an input problem still exports.
      const expected = c.expected && c.expected.code !== ErrorCodes.runInputs ? c.expected : null;
      it(c.name, () => {
        if (!expected) {
          expect(buildExportPlan(c.graph).nodes.length).toBeGreaterThan(0);
          return;
        }
        expect(() => buildExportPlan(c.graph)).toThrow(
          expect.objectContaining({
            name: 'ExportError',
            code: expected.code,
            message: expect.stringMatching(expected.message),
          }),
        );
      });
    }
  });

  it('plans structured output from the schema module: the schema, its instruction and the repair message', () => {
    const schema = { type: 'object', properties: { priority: { type: 'string' } } } as const;
    const plan = buildExportPlan(
      graph([node('t', 'agent', { label: 'Triage', outputSchema: schema }), node('f', 'agent')]),
    );
    const [free, triage] = plan.nodes;
    const [before, after] = structuredRepairParts(schema);
    expect(triage).toMatchObject({
      type: 'agent',
      structured: { schema, instruction: structuredOutputInstruction(schema), repair: [before, after] },
    });
    expect(free).toMatchObject({ type: 'agent', structured: null });
  });
});
