import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type RunOutput, startHarness } from './test/exportHarness';
import { edge, graph, node, workflowFile } from './test/graphBuilders';

// Sub-workflows in the exported Python script and TypeScript module: the called graphs travel in the
// workflow file's bundle, run as workflows of their own, and the programs print exactly what
// `synapse run` prints for the same file, inputs and (fake) providers.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const LANGS = ['synapse', 'python', 'typescript'] as const;

const progressOf = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.includes(' › ') && / (running|succeeded|failed|skipped)$/.test(l))
    .sort();

/** Runs the file three ways, one after the other, and checks the exports print and exit as Synapse did. */
async function expectSameRuns(file: object, args: string[] = [], before?: () => void): Promise<RunOutput> {
  const outputs: Partial<Record<(typeof LANGS)[number], RunOutput>> = {};
  for (const lang of LANGS) {
    before?.();
    outputs[lang] = await h[lang](file, args);
  }
  const synapse = outputs.synapse as RunOutput;
  for (const lang of ['python', 'typescript'] as const) {
    const out = outputs[lang] as RunOutput;
    expect(out.stdout, `${lang} stdout (stderr: ${out.stderr})`).toBe(synapse.stdout);
    expect(out.code, `${lang} exit code (stderr: ${out.stderr})`).toBe(synapse.code);
    // Progress of a called workflow's nodes is prefixed with the calling node, the same way everywhere
    // (error wording may differ: the SDKs and the scripts describe a provider's refusal differently).
    expect(progressOf(out.stderr)).toEqual(progressOf(synapse.stderr));
  }
  return synapse;
}

/** The called workflow: two inputs, one agent on Anthropic, one Output. */
const writer = graph(
  'Writer',
  [
    node('in', 'input', {
      label: 'Brief',
      variables: [
        { name: 'topic', type: 'text', default: '' },
        { name: 'tone', type: 'text', default: 'plain' },
      ],
    }),
    node('w', 'agent', {
      label: 'Write',
      provider: 'anthropic',
      model: 'sub-claude',
      systemPrompt: 'Tone: {{input.tone}}',
      userPrompt: 'Write about {{input.topic}}',
    }),
    node('o', 'output', { label: 'Text' }),
  ],
  [edge('in', 'w'), edge('w', 'o')],
);

/** Input → Draft (OpenAI) → Sub-workflow calling `call` → Output. */
function parent(call: Record<string, unknown>, bundle: Parameters<typeof workflowFile>[3]): object {
  return workflowFile(
    'Parent',
    [
      node('in', 'input', { label: 'Topic', variables: [{ name: 'topic', type: 'text', default: 'tides' }] }),
      node('draft', 'agent', {
        label: 'Draft',
        provider: 'openai',
        model: 'parent-gpt',
        userPrompt: '{{input}}',
      }),
      node('sub', 'subworkflow', {
        label: 'Polish',
        key: 'polish',
        workflowId: 'wf-writer',
        versionId: '',
        inputs: [
          { name: 'topic', value: '{{nodes.draft.output}} ({{input.topic}})' },
          { name: 'tone', value: 'dry' },
        ],
        ...call,
      }),
      node('out', 'output', { label: 'Result' }),
    ],
    [edge('in', 'draft'), edge('draft', 'sub'), edge('sub', 'out')],
    bundle,
  );
}

describe('exported sub-workflows run like synapse run', () => {
  it('a called workflow gets the rendered inputs and its one Output is the node output', async () => {
    const file = parent({}, { 'wf-writer@': { versionId: 'v3', workflow: writer } });
    const out = await expectSameRuns(file, ['--input', 'topic=moons']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      'Fake sub-claude reply to: Write about Fake parent-gpt reply to: moons (moons)\n',
    );
    expect(out.stderr).toContain('✓ Polish › Write succeeded');
    // Every run sent the child's system prompt with the tone the parent gave it.
    const asked = h.anthropic.callsFor('sub-claude').slice(-3);
    expect(asked.map((r) => (r.body as { system?: string }).system)).toEqual(Array(3).fill('Tone: dry'));
  });

  it('several Outputs make a JSON object by label; calls nest and pin versions', async () => {
    // Writer → calls Titles (pinned v2) → two outputs; the parent reads one field of the result.
    const titles = graph(
      'Titles',
      [
        node('in', 'input', { label: 'Text', variables: [{ name: 'text', type: 'text', default: '' }] }),
        node('t', 'agent', { label: 'Title', userPrompt: 'Title for {{input.text}}' }),
        node('o1', 'output', { label: 'Title' }),
        node('o2', 'output', { label: 'Source' }),
      ],
      [edge('in', 't'), edge('t', 'o1'), edge('in', 'o2')],
    );
    const nested = graph(
      'Writer',
      [
        ...writer.nodes,
        node('sub', 'subworkflow', {
          label: 'Name it',
          workflowId: 'wf-titles',
          versionId: 'v2',
          inputs: [{ name: 'text', value: '{{nodes.w.output}}' }],
        }),
        node('o2', 'output', { label: 'Title' }),
      ],
      [...writer.edges, edge('w', 'sub'), edge('sub', 'o2')],
    );
    const file = workflowFile(
      'Parent',
      [
        node('sub', 'subworkflow', {
          label: 'Polish',
          key: 'polish',
          workflowId: 'wf-writer',
          versionId: '',
          inputs: [{ name: 'topic', value: 'comets' }],
        }),
        node('cite', 'agent', {
          label: 'Cite',
          provider: 'openai',
          model: 'parent-gpt',
          userPrompt: 'Cite {{nodes.polish.output}}',
        }),
        node('out', 'output', { label: 'Result' }),
        node('all', 'output', { label: 'All' }),
      ],
      [edge('sub', 'cite'), edge('cite', 'out'), edge('sub', 'all')],
      {
        'wf-writer@': { versionId: 'v3', workflow: nested },
        'wf-titles@v2': { versionId: 'v2', workflow: titles },
      },
    );
    const out = await expectSameRuns(file);
    expect(out.code).toBe(0);
    const [, all, result] = /^== All ==\n(.*)\n\n== Result ==\n(.*)\n\n$/s.exec(out.stdout) ?? [];
    const polished = JSON.parse(all as string) as Record<string, string>;
    expect(Object.keys(polished)).toEqual(['Text', 'Title']);
    expect(JSON.parse(polished.Title as string)).toMatchObject({ Source: polished.Text });
    expect(result).toContain('Cite {"Text":');
    expect(out.stderr).toContain('✓ Polish › Name it › Title succeeded');
  });

  it('a failing called workflow fails its node and skips what follows, with the same exit code', async () => {
    const file = parent({}, { 'wf-writer@': { versionId: 'v3', workflow: writer } });
    const failWriter = () =>
      h.anthropic.script({ match: { model: 'sub-claude' }, kind: 'status', status: 400 });
    const out = await expectSameRuns(file, [], failWriter);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('✗ Polish › Write failed');
    expect(out.stderr).toMatch(/✗ sub: Writer: 1 node failed: Write/);
    expect(out.stderr).toContain('✗ Polish › w: ');
  });

  it('inputs the called workflow does not take, or leaves empty when required, fail its node', async () => {
    const strict = graph(
      'Strict',
      [
        node('in', 'input', {
          label: 'In',
          variables: [{ name: 'topic', type: 'text', default: '', required: true }],
        }),
        node('o', 'output', { label: 'Out' }),
      ],
      [edge('in', 'o')],
    );
    const unknown = parent({}, { 'wf-writer@': { versionId: 'v3', workflow: strict } });
    const out = await expectSameRuns(unknown);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('unknown input "tone"');
    const empty = parent(
      { inputs: [{ name: 'topic', value: '  ' }] },
      { 'wf-writer@': { versionId: 'v3', workflow: strict } },
    );
    expect((await expectSameRuns(empty)).stderr).toContain('input "topic" is required');
  });

  it('a call the file does not carry, or a cycle, is refused before anything runs, naming the node', async () => {
    const missing = parent({ versionId: 'v9' }, { 'wf-writer@': { versionId: 'v3', workflow: writer } });
    const before = h.openai.callsFor('parent-gpt').length;
    const run = await h.synapse(missing, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Polish: the workflow it calls (wf-writer, its pinned version v9) is not in this file',
    );
    expect(run.stderr).toContain('Export file bundles every workflow it calls');
    // Refused before the run: the node ahead of the call never ran.
    expect(h.openai.callsFor('parent-gpt').length).toBe(before);
    for (const lang of ['python', 'ts'] as const)
      await expect(h.exportTo(missing, lang, `missing.${lang}`)).rejects.toMatchObject({
        code: 'synapse.subworkflow.not_found',
        message: expect.stringContaining('Polish: the workflow it calls (wf-writer, its pinned version v9)'),
      });

    // Writer calls Titles, which calls Writer again.
    const loop = (name: string, calls: string) =>
      graph(
        name,
        [
          node('s', 'subworkflow', { label: `Call ${calls}`, workflowId: calls, versionId: '' }),
          node('o', 'output'),
        ],
        [edge('s', 'o')],
      );
    const cycle = parent(
      {},
      {
        'wf-writer@': { versionId: 'v3', workflow: loop('Writer', 'wf-titles') },
        'wf-titles@': { versionId: 'v1', workflow: loop('Titles', 'wf-writer') },
      },
    );
    const refused = await h.synapse(cycle, []);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'sub-workflows call each other in a cycle: Parent → Writer → Titles → Writer',
    );
    await expect(h.exportTo(cycle, 'python', 'cycle.py')).rejects.toMatchObject({
      code: 'synapse.subworkflow.cycle',
      message: expect.stringContaining(
        'Call wf-writer: sub-workflows call each other in a cycle: Parent → Writer → Titles → Writer',
      ),
    });
  });
});
