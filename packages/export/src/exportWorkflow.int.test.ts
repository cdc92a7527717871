import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeLlm } from '../../testkit/src/fakes/index';
import { type Harness, type RunOutput, requestOf, startHarness } from './test/exportHarness';
import { edge, node, workflowFile } from './test/graphBuilders';

// The exported Python script and TypeScript module must print exactly what `synapse run` prints for
// the same workflow, inputs and providers (the fakes reply deterministically from model + prompt).

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Lang = 'synapse' | 'python' | 'typescript';
const LANGS: Lang[] = ['synapse', 'python', 'typescript'];

/**
 * Runs the workflow three ways with the same arguments, one after the other (so request logs are per
 * run), and checks that the exported programs print what Synapse printed and exit the same way.
 */
async function expectSameRuns(
  file: object,
  args: string[],
  hooks: { before?(lang: Lang): void; after?(lang: Lang, out: RunOutput): void } = {},
): Promise<RunOutput> {
  const outputs = {} as Record<Lang, RunOutput>;
  for (const lang of LANGS) {
    hooks.before?.(lang);
    const out = await h[lang](file, args);
    outputs[lang] = out;
    hooks.after?.(lang, out);
  }
  const { synapse } = outputs;
  for (const lang of ['python', 'typescript'] as const) {
    const out = outputs[lang];
    expect(out.stdout, `${lang} stdout (stderr: ${out.stderr})`).toBe(synapse.stdout);
    expect(out.code, `${lang} exit code (stderr: ${out.stderr})`).toBe(synapse.code);
  }
  return synapse;
}

const calls = (fake: FakeLlm, model: string) => fake.callsFor(model).length;

describe('exported code runs like synapse run', () => {
  it('a chain across providers: system prompts, references, maxTokens, temperature, a keyless endpoint', async () => {
    const file = workflowFile(
      'Chain',
      [
        node('in', 'input', {
          label: 'Topic',
          variables: [{ name: 'topic', type: 'text', default: 'tides' }],
        }),
        node('draft', 'agent', {
          label: 'Draft',
          provider: 'openai',
          model: 'gpt-4o-mini',
          systemPrompt: 'You are a writer. Topic: {{input.topic}}',
          userPrompt: 'Write about {{ input }} please',
          temperature: 0.2,
        }),
        node('critic', 'agent', {
          label: 'Critic',
          provider: 'anthropic',
          model: 'claude-haiku-4-5',
          userPrompt: 'Critique: {{input}}\nTopic was {{input.topic}}; draft again: {{nodes.draft.output}}',
          maxTokens: 9,
        }),
        node('local', 'agent', { label: 'Ollama', provider: 'ollama', model: 'llama3.2', userPrompt: '' }),
        node('out', 'output', { label: 'Result' }),
      ],
      [edge('in', 'draft'), edge('draft', 'critic'), edge('critic', 'local'), edge('local', 'out')],
    );
    const first = await expectSameRuns(file, []);
    expect(first.code).toBe(0);
    // maxTokens 9 cut the critic after nine words.
    expect(first.stdout).toBe(
      'Fake llama3.2 reply to: Fake claude-haiku-4-5 reply to: Critique: Fake gpt-4o-mini reply to:\n',
    );
    await expectSameRuns(file, ['--input', 'topic=moons of Jupiter']);
    // Every implementation sent the same requests: the token limit on each wire, the system prompt.
    const drafts = h.openai.callsFor('gpt-4o-mini').slice(-3);
    expect(new Set(drafts.map(requestOf)).size, drafts.map(requestOf).join('\n')).toBe(1);
    expect(drafts[0]?.body).toMatchObject({
      temperature: 0.2,
      messages: [{ role: 'system', content: 'You are a writer. Topic: moons of Jupiter' }, { role: 'user' }],
    });
    const critics = h.anthropic.callsFor('claude-haiku-4-5').slice(-3);
    expect(new Set(critics.map(requestOf)).size).toBe(1);
    expect(critics.map((r) => (r.body as { max_tokens: number }).max_tokens)).toEqual([9, 9, 9]);
    const keyless = h.ollama.callsFor('llama3.2').slice(-3);
    expect(keyless.map((r) => r.headers.authorization)).toEqual(Array(3).fill('Bearer not-needed'));
  });

  it('the TypeScript module imports only the SDKs its providers use and runs with only those installed', async () => {
    const chain = (name: string, provider?: string, model?: string) =>
      workflowFile(
        name,
        [
          node('in', 'input', { label: 'In', value: 'hi' }),
          node('a', 'agent', { label: 'A', ...(provider ? { provider, model } : {}) }),
          node('o', 'output', { label: 'Out' }),
        ],
        [edge('in', 'a'), edge('a', 'o')],
      );
    const cases: [file: object, packages: string[]][] = [
      [chain('OpenAI only', 'openai', 'solo-gpt'), ['openai']],
      [chain('Ollama only', 'ollama', 'llama3.2'), ['openai']],
      [chain('Anthropic only', 'anthropic', 'solo-claude'), ['@anthropic-ai/sdk']],
      [chain('Local only'), []],
    ];
    for (const [file, packages] of cases) {
      const synapse = await h.synapse(file, []);
      const typescript = await h.typescript(file, [], packages);
      expect(typescript.stdout, `${packages.join(', ')} (stderr: ${typescript.stderr})`).toBe(synapse.stdout);
      expect(typescript.code).toBe(0);
      expect(synapse.code).toBe(0);
    }
  });

  it('a diamond: independent branches run in parallel and the join gets both, in id order', async () => {
    h.openai.script({
      match: { model: 'slow-left' },
      delayBeforeHeadersMs: 400,
      times: Number.POSITIVE_INFINITY,
    });
    h.anthropic.script({
      match: { model: 'slow-right' },
      delayBeforeHeadersMs: 400,
      times: Number.POSITIVE_INFINITY,
    });
    const file = workflowFile(
      'Diamond',
      [
        node('in', 'input', { label: 'Question', value: 'Why is the sky blue?' }),
        node('zeta', 'agent', { label: 'Left', provider: 'openai', model: 'slow-left' }),
        node('alpha', 'agent', { label: 'Right', provider: 'anthropic', model: 'slow-right' }),
        node('join', 'agent', {
          label: 'Join',
          provider: 'openai',
          model: 'joiner',
          userPrompt: 'Merge:\n{{input}}',
        }),
        node('out', 'output', { label: 'Answer' }),
        node('raw', 'output', { label: 'Left raw' }),
        node('memo', 'note', { text: 'notes never run' }),
      ],
      [
        edge('in', 'zeta'),
        edge('in', 'alpha'),
        edge('zeta', 'join'),
        edge('alpha', 'join'),
        edge('join', 'out'),
        edge('zeta', 'raw'),
      ],
    );
    const out = await expectSameRuns(file, [], {
      after(lang) {
        const left = h.openai.callsFor('slow-left').at(-1);
        const right = h.anthropic.callsFor('slow-right').at(-1);
        expect(
          Math.abs((left?.time ?? 0) - (right?.time ?? 1e9)),
          `${lang} ran the branches in parallel`,
        ).toBeLessThan(300);
      },
    });
    expect(out.stdout).toMatch(
      /^== Answer ==\nFake joiner reply to: Merge: Fake slow-right reply to: Why is/,
    );
    expect(out.stdout).toContain('\n\n== Left raw ==\nFake slow-left reply to: Why is the sky blue?\n\n');
  });

  it('rule and LLM routers: only the taken branch runs, the join runs with it, the rest is skipped', async () => {
    const file = workflowFile(
      'Routing',
      [
        node('in', 'input', {
          label: 'Ticket',
          variables: [{ name: 'text', type: 'text', default: 'hello there' }],
        }),
        node('triage', 'router', {
          label: 'Triage',
          mode: 'rule',
          branches: [
            { id: 'urgent', label: 'Urgent', match: 'contains', value: ' URGENT' },
            { id: 'billing', label: 'Billing', match: 'startsWith', value: 'invoice' },
            { id: 'other', label: 'Other', match: 'else' },
          ],
        }),
        node('page', 'agent', { label: 'Page on-call', provider: 'openai', model: 'pager' }),
        node('escalate', 'agent', { label: 'Escalate', provider: 'anthropic', model: 'escalator' }),
        node('billing', 'agent', { label: 'Billing desk', provider: 'openai', model: 'biller' }),
        node('classify', 'router', {
          label: 'Classify',
          mode: 'llm',
          provider: 'anthropic',
          model: 'claude-router',
          systemPrompt: 'Be decisive.',
          userPrompt: 'Ticket: {{input}}',
          branches: [
            { id: 'tech', label: 'tech' },
            { id: 'sales', label: 'sales' },
          ],
        }),
        node('tech', 'agent', { label: 'Tech', provider: 'openai', model: 'techie' }),
        node('sales', 'agent', { label: 'Sales', provider: 'openai', model: 'seller' }),
        node('out', 'output', { label: 'Reply' }),
        node('esc', 'output', { label: 'Escalation' }),
      ],
      [
        edge('in', 'triage'),
        edge('triage', 'page', 'urgent'),
        edge('triage', 'billing', 'billing'),
        edge('triage', 'classify', 'other'),
        edge('page', 'escalate'),
        edge('classify', 'tech', 'tech'),
        edge('classify', 'sales', 'sales'),
        edge('page', 'out'),
        edge('billing', 'out'),
        edge('tech', 'out'),
        edge('sales', 'out'),
        edge('escalate', 'esc'),
      ],
    );
    const urgent = await expectSameRuns(file, ['--input', 'text=Server down  urgent!']);
    // Outputs print in node id order.
    expect(urgent.stdout).toBe(
      '== Escalation ==\nFake escalator reply to: Fake pager reply to: Server down urgent!\n\n' +
        '== Reply ==\nFake pager reply to: Server down urgent!\n\n',
    );
    const billing = await expectSameRuns(file, ['--input=text=Invoice 42 is missing']);
    expect(billing.stdout).toBe('Fake biller reply to: Invoice 42 is missing\n');
    const sales = await expectSameRuns(file, ['-i', 'text=a sales question, not tech']);
    expect(sales.stdout).toBe('Fake seller reply to: Ticket: a sales question, not tech\n');
    const tech = await expectSameRuns(file, ['--input', 'text=my tech stack fails']);
    expect(tech.stdout).toBe('Fake techie reply to: Ticket: my tech stack fails\n');
    const routed = h.anthropic.callsFor('claude-router').slice(-3);
    expect(new Set(routed.map(requestOf)).size).toBe(1);
    expect((routed[0]?.body as { system?: string } | undefined)?.system).toBe(
      "Be decisive.\n\nClassify the user's message into exactly one of these labels:\n- tech\n- sales\nAnswer with the label only.",
    );
  });

  it('a router that matches nothing fails the run and skips what follows it', async () => {
    const file = workflowFile(
      'No match',
      [
        node('in', 'input', { label: 'Text', value: 'nothing to see' }),
        node('gate', 'router', {
          label: 'Gate',
          branches: [{ id: 'yes', label: 'yes', match: 'equals', value: 'yes' }],
        }),
        node('after', 'agent', { label: 'After', provider: 'openai', model: 'never' }),
        node('side', 'agent', { label: 'Side', provider: 'openai', model: 'side' }),
      ],
      [edge('in', 'gate'), edge('gate', 'after', 'yes'), edge('in', 'side')],
    );
    const out = await expectSameRuns(file, []);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('Fake side reply to: nothing to see\n');
    expect(calls(h.openai, 'never')).toBe(0);
  });

  it('inputs: defaults, overrides, several variables, legacy input nodes and type checks', async () => {
    const file = workflowFile(
      'Inputs',
      [
        node('form', 'input', {
          label: 'Form',
          variables: [
            { name: 'count', type: 'number', default: '3' },
            { name: 'tone', type: 'string', default: 'dry' },
            { name: 'loud', type: 'boolean', default: 'false' },
          ],
        }),
        node('legacy', 'input', { label: 'Legacy', value: 'the stored value' }),
        node('write', 'agent', {
          label: 'Write',
          provider: 'openai',
          model: 'inputs-model',
          userPrompt: 'count={{input.count}} tone={{input.tone}} loud={{input.loud}}\n{{input}}',
        }),
      ],
      [edge('form', 'write'), edge('legacy', 'write')],
    );
    const defaults = await expectSameRuns(file, []);
    expect(defaults.stdout).toBe(
      'Fake inputs-model reply to: count=3 tone=dry loud=false count: 3 tone: dry loud: false the stored value\n',
    );
    await expectSameRuns(file, ['--input', 'count= -2.5e3 ', '--input', 'tone=wry', '--input', 'loud=true']);
    const byLabel = await expectSameRuns(file, ['--input', 'Legacy=given by label']);
    expect(byLabel.stdout).toContain('given by label');
    const byId = await expectSameRuns(file, [
      '--input',
      'legacy=given by id',
      '--input',
      'Legacy=label loses',
    ]);
    expect(byId.stdout).toContain('given by id');
    for (const bad of [
      ['--input', 'count=three'],
      ['--input', 'loud=yes'],
      ['--input', 'novalue'],
      ['--bogus'],
    ]) {
      const refused = await expectSameRuns(file, bad);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
    }
  });

  it('refuses an undeclared or a missing required input like synapse run: exit 2, naming the input', async () => {
    const file = workflowFile(
      'Strict',
      [
        node('form', 'input', {
          label: 'Form',
          variables: [{ name: 'topic', type: 'string', default: '', required: true }],
        }),
        node('legacy', 'input', { label: 'Legacy', value: 'kept' }),
        node('write', 'agent', {
          label: 'Write',
          provider: 'openai',
          model: 'strict-model',
          userPrompt: '{{input.topic}} {{input}}',
        }),
      ],
      [edge('form', 'write'), edge('legacy', 'write')],
    );
    const cases: [string[], string][] = [
      [
        ['--input', 'nosuch=1', '--input', 'topic=tides'],
        'unknown input "nosuch"; this workflow takes topic, Legacy',
      ],
      [[], 'input "topic" is required'],
      [['--input', 'topic=  '], 'input "topic" is required'],
    ];
    for (const [args, message] of cases) {
      const stderr: Partial<Record<Lang, string>> = {};
      const refused = await expectSameRuns(file, args, { after: (lang, out) => (stderr[lang] = out.stderr) });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      for (const lang of LANGS) expect(stderr[lang], `${lang} stderr`).toContain(message);
    }
    expect(calls(h.openai, 'strict-model')).toBe(0);
    const ok = await expectSameRuns(file, ['--input', 'topic=tides', '--input', 'Legacy=given']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('tides');
    expect(ok.stdout).toContain('given');
  });

  it('fallbacks in order: a 401 moves on at once, a 500 is retried twice first, 429 waits and retries', async () => {
    h.openai.script({
      match: { model: 'needs-auth' },
      kind: 'status',
      status: 401,
      times: Number.POSITIVE_INFINITY,
    });
    h.openai.script({
      match: { model: 'primary-down' },
      kind: 'status',
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    const file = workflowFile(
      'Fallbacks',
      [
        node('in', 'input', { label: 'In', value: 'fall back please' }),
        node('agent', 'agent', {
          label: 'Agent',
          provider: 'openai',
          model: 'needs-auth',
          fallbacks: [
            { provider: 'openai', model: 'primary-down' },
            { provider: 'gemini', model: 'gemini-2.5-flash' },
            { provider: 'anthropic', model: 'claude-backup' },
          ],
        }),
        node('limited', 'agent', { label: 'Limited', provider: 'openai', model: 'rate-limited', retries: 1 }),
        node('out', 'output', { label: 'Out' }),
      ],
      [edge('in', 'agent'), edge('agent', 'limited'), edge('limited', 'out')],
    );
    let before: Record<string, number> = {};
    const models = ['needs-auth', 'primary-down', 'rate-limited'] as const;
    const out = await expectSameRuns(file, [], {
      before() {
        h.openai.script({ match: { model: 'rate-limited' }, kind: 'status', status: 429, retryAfter: 0 });
        before = Object.fromEntries(models.map((m) => [m, calls(h.openai, m)]));
        before.backup = calls(h.anthropic, 'claude-backup');
      },
      after(lang) {
        const made = Object.fromEntries(models.map((m) => [m, calls(h.openai, m) - (before[m] ?? 0)]));
        made.backup = calls(h.anthropic, 'claude-backup') - (before.backup ?? 0);
        expect(made, lang).toEqual({ 'needs-auth': 1, 'primary-down': 3, 'rate-limited': 2, backup: 1 });
      },
    });
    expect(out.stdout).toBe('Fake rate-limited reply to: Fake claude-backup reply to: fall back please\n');
  });

  it('a node whose every model is unavailable fails; its dependants are skipped, the rest still prints', async () => {
    const file = workflowFile(
      'Unavailable',
      [
        node('in', 'input', { label: 'In', value: 'hi' }),
        node('nokey', 'agent', {
          label: 'No key',
          provider: 'groq',
          model: 'llama-3.3-70b-versatile',
          fallbacks: [
            { provider: 'custom:mine', model: 'x' },
            { provider: 'nonsense', model: 'y' },
          ],
        }),
        node('after', 'agent', { label: 'After', provider: 'openai', model: 'after-nokey' }),
        node('fine', 'agent', { label: 'Fine', provider: 'anthropic', model: 'fine' }),
        node('a', 'output', { label: 'A' }),
        node('b', 'output', { label: 'B' }),
      ],
      [
        edge('in', 'nokey'),
        edge('nokey', 'after'),
        edge('after', 'a'),
        edge('in', 'fine'),
        edge('fine', 'b'),
      ],
    );
    const out = await expectSameRuns(file, []);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('Fake fine reply to: hi\n');
    expect(calls(h.openai, 'after-nokey')).toBe(0);
  });

  it('the built-in local model is reproduced exactly, offline', async () => {
    const cut = `${'x'.repeat(79)}😀 and more`;
    const file = workflowFile(
      'Local',
      [
        node('in', 'input', { label: 'In', variables: [{ name: 'q', type: 'text', default: cut }] }),
        node('analyst', 'agent', { label: 'Analyst', systemPrompt: 'You are a Data Analyst, precise.' }),
        node('short', 'agent', {
          label: 'Short',
          maxTokens: 7,
          userPrompt: 'Ünïcödé\u00a0\ufeff  {{input}}\u2028end',
        }),
        node('router', 'router', {
          label: 'Local router',
          mode: 'llm',
          branches: [
            { id: 'a', label: 'considered' },
            { id: 'b', label: 'concise' },
            { id: 'c', label: 'structured' },
            { id: 'd', label: 'step' },
          ],
        }),
        node('routed', 'output', { label: 'Routed' }),
        node('final', 'output', { label: 'Final' }),
      ],
      [
        edge('in', 'analyst'),
        edge('analyst', 'short'),
        edge('short', 'final'),
        edge('in', 'router'),
        edge('router', 'routed', 'a'),
      ],
    );
    for (const args of [
      [],
      ['--input', 'q=What is up?'],
      ['--input', 'q=\u3000 tabs\tand  spaces \u2029'],
      ['--input', 'q='],
    ]) {
      const out = await expectSameRuns(file, args);
      expect(out.stdout).toContain('[Local demo model (offline)]');
    }
  });

  it('references by key ({{nodes.<key>.output}}) and old ones by id render the same output', async () => {
    const file = workflowFile(
      'Keys',
      [
        node('in', 'input', {
          label: 'In',
          key: 'topic',
          variables: [{ name: 'q', type: 'text', default: 'tides' }],
        }),
        node('Xq7', 'agent', {
          label: 'Draft writer',
          key: 'draft',
          userPrompt: 'Draft on {{nodes.topic.output}}',
        }),
        node('ed', 'agent', {
          label: 'Editor',
          key: 'editor',
          userPrompt: 'A: {{nodes.draft.output}} B: {{nodes.Xq7.output}}',
        }),
        node('out', 'output', { label: 'Result', key: 'result' }),
      ],
      [edge('in', 'Xq7'), edge('Xq7', 'ed'), edge('ed', 'out')],
    );
    const out = await expectSameRuns(file, []);
    expect(out.code).toBe(0);
    // Every implementation sent the editor both references filled with the draft (a reference that
    // did not resolve would render as nothing).
    const asked = h.openai
      .callsFor('gpt-4o-keys')
      .slice(-3)
      .map((r) => JSON.stringify(r.body));
    for (const body of asked) expect(body).toMatch(/A: \S.* B: \S/);
    const prompts = asked.map((body) => /"A: (.*) B: (.*?)"/.exec(body));
    for (const m of prompts) expect(m?.[1]).toBe(m?.[2]);
  });

  it('prompts and labels with quotes, backslashes, newlines, """, ${, unicode and lone surrogates stay data', async () => {
    const nasty = [
      'lone \ud800 surrogate',
      'He said "hi" and \'bye\'',
      'C:\\path\\to\\n and \\u0041 and \\x41',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that must stay text
      'triple """ quotes ``` and ${process.exit(1)} and #{x} and %s %d {0}',
      'line one\nline two\r\nline three\ttab',
      'emoji 😀👍🏽 中文 עברית \u202eevil\u202c zero\u200bwidth \u0000nul \u2028sep',
      "*/ --> </script> # // ''' ;import os; os.system(\"echo pwned\")",
    ].join('\n');
    const file = workflowFile(
      `Name ${nasty}`,
      [
        node('in', 'input', {
          label: `Input ${nasty}`,
          variables: [{ name: 'v', type: 'text', default: nasty }],
        }),
        node('echo', 'agent', {
          label: `Echo\n"""\nprint("pwned")\n`,
          provider: 'openai',
          model: 'echo',
          systemPrompt: nasty,
          userPrompt: `${nasty}\n{{input.v}}`,
        }),
        node('local', 'agent', { label: 'Local', systemPrompt: nasty, userPrompt: `{{input}} ${nasty}` }),
        node('o1', 'output', { label: `Out ${nasty}` }),
        node('o2', 'output', { label: 'Second' }),
      ],
      [edge('in', 'echo'), edge('echo', 'o1'), edge('in', 'local'), edge('local', 'o2')],
    );
    const out = await expectSameRuns(file, []);
    expect(out.code).toBe(0);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that must stay text
    expect(out.stdout).toContain('${process.exit(1)}');
    expect(out.stdout).toContain('\ufffd');
    const sent = h.openai.callsFor('echo').slice(-3);
    expect(sent.map((r) => r.prompt)).toEqual(Array(3).fill(`${nasty}\n${nasty}`));
  });

  it('labels and ids with ANSI/OSC escape sequences print as \\xNN, never raw to the terminal', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';
    const file = workflowFile(
      'Escapes',
      [
        node('in', 'input', { label: `In ${evil}`, variables: [{ name: 'v', type: 'text', default: 'x' }] }),
        node('a', 'agent', { label: `Agent ${evil}`, userPrompt: '{{input.v}}' }),
        node('o1', 'output', { label: `Out ${evil}` }),
        node('o2', 'output', { label: 'Second' }),
      ],
      [edge('in', 'a'), edge('a', 'o1'), edge('a', 'o2')],
    );
    const seen: RunOutput[] = [];
    const out = await expectSameRuns(file, [], { after: (_lang, o) => seen.push(o) });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('== Out \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m ==');
    for (const o of seen) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escapes must not reach the terminal
      expect(o.stdout + o.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
      expect(o.stderr).toContain('Agent \\x1b]0;pwned');
    }
  });

  it('a map: one call per item (JSON array or lines), {{item}} and {{index}}, answers in order, fail or skip', async () => {
    const map = (data: Record<string, unknown>) =>
      workflowFile(
        'Map',
        [
          node('in', 'input', {
            label: 'Topics',
            variables: [{ name: 'topics', type: 'text', default: '["moons", {"n": 1.0}, 7, "tides"]' }],
          }),
          node('each', 'map', {
            label: 'Each',
            key: 'each',
            list: '{{input.topics}}',
            provider: 'openai',
            model: 'map-gpt',
            systemPrompt: 'Item {{index}} of {{input.topics}}',
            userPrompt: 'Explain {{item}} ({{index}}) {{ input }}',
            concurrency: 3,
            ...data,
          }),
          node('out', 'output', { label: 'Result', userPrompt: '' }),
        ],
        [edge('in', 'each'), edge('each', 'out')],
      );
    // A JSON array with non-strings (1.0 reads as 1, as in JavaScript), then lines.
    const json = await expectSameRuns(map({}), []);
    expect(json.code).toBe(0);
    const answers = JSON.parse(json.stdout) as string[];
    expect(answers).toHaveLength(4);
    expect(answers[1]).toContain('Explain {"n":1} (1)');
    expect(answers[2]).toContain('Explain 7 (2)');
    const calls = h.openai.callsFor('map-gpt').slice(-4);
    expect(new Set(calls.map(requestOf)).size).toBe(4);
    const lines = await expectSameRuns(map({ listFormat: 'lines' }), [
      '--input',
      'topics=  moons \n\ncomets',
    ]);
    expect(JSON.parse(lines.stdout)).toHaveLength(2);
    // A failing item (400: no retry): `skip` prints null in its place and succeeds, `fail` fails the run.
    const failItem = () =>
      h.openai.script({
        match: { model: 'map-gpt', prompt: /^Explain comets/ },
        kind: 'status',
        status: 400,
      });
    const skipped = await expectSameRuns(
      map({ listFormat: 'lines', failurePolicy: 'skip' }),
      ['--input', 'topics=moons\ncomets\ntides'],
      {
        before: failItem,
      },
    );
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)[1]).toBeNull();
    const failed = await expectSameRuns(
      map({ listFormat: 'lines', failurePolicy: 'fail' }),
      ['--input', 'topics=moons\ncomets\ntides'],
      {
        before: failItem,
      },
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    // A list that is not JSON fails the node the same way everywhere.
    const notJson = await expectSameRuns(map({}), ['--input', 'topics=not json']);
    expect(notJson.code).toBe(1);
  });

  it('the generated TypeScript type-checks against the SDKs under strict, erasable-only settings', async () => {
    const file = workflowFile(
      'Typed',
      [
        node('in', 'input', { variables: [{ name: 'v', type: 'number', default: '1' }] }),
        node('a', 'agent', {
          provider: 'openai',
          model: 'm',
          temperature: 1,
          maxTokens: 10,
          timeoutMs: 5000,
          // Multi-line instruction text and the schema's table types.
          outputSchema: {
            type: 'object',
            properties: { p: { type: 'string', description: 'line\nbreak' }, n: { type: 'integer' } },
            required: ['p'],
          },
        }),
        node('r', 'router', { mode: 'llm', provider: 'anthropic', model: 'c' }),
        node('m', 'map', { list: '{{input}}', listFormat: 'lines', userPrompt: '{{item}} #{{index}}' }),
        node('s', 'subworkflow', {
          workflowId: 'child',
          versionId: '',
          inputs: [{ name: 'v', value: '{{input}}' }],
        }),
        node('o', 'output'),
      ],
      [edge('in', 'a'), edge('a', 'r'), edge('r', 'm', 'yes'), edge('m', 's'), edge('s', 'o')],
      {
        'child@': {
          versionId: 'v1',
          workflow: {
            name: 'Child',
            nodes: [
              node('in', 'input', { variables: [{ name: 'v', type: 'text', default: '' }] }),
              node('o', 'output'),
            ],
            edges: [edge('in', 'o')],
          },
        },
      },
    );
    const single = (provider?: string) =>
      workflowFile(
        'Single',
        [node('a', 'agent', provider ? { provider, model: 'm', maxTokens: 5 } : {}), node('o', 'output')],
        [edge('a', 'o')],
      );
    const modules = [
      await h.exportTo(file, 'ts', 'typed.mts'),
      await h.exportTo(single('openai'), 'ts', 'openai-only.mts'),
      await h.exportTo(single('anthropic'), 'ts', 'anthropic-only.mts'),
      await h.exportTo(single(), 'ts', 'local-only.mts'),
    ];
    await writeFile(
      join(h.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'nodenext',
          strict: true,
          noUncheckedIndexedAccess: true,
          erasableSyntaxOnly: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: modules,
      }),
    );
    const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
    const result = await new Promise<{ code: number | null; out: string }>((resolve) =>
      execFile(process.execPath, [tsc, '-p', h.dir], (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, out: stdout + stderr }),
      ),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  });
});
