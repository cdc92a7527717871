import { INVALID_OUTPUT_PREFIX } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Lang, requestOf, runEverywhere, startHarness } from './test/exportHarness';
import { edge, node, workflowFile } from './test/graphBuilders';

// Structured output exported to Python and TypeScript does what the runner does, on the same fake
// providers as `synapse run`: JSON mode where the provider has it, the same validation, the same one
// repair turn (same messages), the same canonical JSON, fields read downstream by routers and maps.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const triageSchema = {
  type: 'object',
  properties: {
    priority: { type: 'string', enum: ['high', 'low'] },
    reason: { type: 'string' },
    score: { type: 'integer' },
    items: { type: 'array', items: { type: 'string' } },
  },
  required: ['priority', 'items'],
};

function triageNode(data: Record<string, unknown> = {}) {
  return node('triage', 'agent', {
    label: 'Triage',
    key: 'triage',
    provider: 'openai',
    model: 'triage-gpt',
    systemPrompt: 'You triage tickets for {{input}}.',
    userPrompt: 'Ticket: {{input}}',
    outputSchema: triageSchema,
    retries: 0,
    ...data,
  });
}

/** Triage → a rule router on `priority` → page (high, reads `reason`) or queue; the JSON printed too. */
function routed(triage = triageNode()) {
  return workflowFile(
    'Structured',
    [
      node('in', 'input', { label: 'Ticket', value: 'printer on fire' }),
      triage,
      node('r', 'router', {
        label: 'Priority',
        mode: 'rule',
        userPrompt: '{{nodes.triage.output.priority}}',
        branches: [
          { id: 'hi', label: 'high', match: 'equals', value: 'high' },
          { id: 'lo', label: 'low', match: 'else' },
        ],
      }),
      node('page', 'agent', {
        label: 'Page',
        provider: 'openai',
        model: 'page-gpt',
        userPrompt: 'Page on-call: {{nodes.triage.output.reason}} (score {{nodes.triage.output.score}})',
      }),
      node('queue', 'agent', { label: 'Queue', provider: 'openai', model: 'queue-gpt' }),
      node('json', 'output', { label: 'Triage JSON' }),
      node('paged', 'output', { label: 'Paged' }),
      node('queued', 'output', { label: 'Queued' }),
    ],
    [
      edge('in', 'triage'),
      edge('triage', 'r'),
      edge('triage', 'json'),
      edge('r', 'page', 'hi'),
      edge('r', 'queue', 'lo'),
      edge('page', 'paged'),
      edge('queue', 'queued'),
    ],
  );
}

/** The body of each recorded call to `model` on `fake`, the last `count` of them. */
const lastBodies = (fake: Harness['openai'], model: string, count: number) =>
  fake.callsFor(model).slice(-count);

describe('exported structured output runs like synapse run', () => {
  it('invalid JSON, then a fenced valid reply: one repair, canonical JSON, a router branching on a field', async () => {
    const script = () =>
      h.openai.script(
        { match: { model: 'triage-gpt' }, text: 'Priority: high, the printer is on fire!' },
        {
          match: { model: 'triage-gpt' },
          // Integer-like keys, 1.0 and 2.50: the canonical text is JavaScript's JSON.stringify.
          text: '```json\n{"priority": "high", "reason": "fire", "score": 3.0, "items": ["evacuate"], "10": 2.50, "2": null}\n```',
        },
      );
    const out = await runEverywhere(h, routed(), [], script);
    expect(out.synapse.code).toBe(0);
    expect(out.synapse.stdout).toBe(
      '== Triage JSON ==\n{"2":null,"10":2.5,"priority":"high","reason":"fire","score":3,"items":["evacuate"]}\n\n' +
        '== Paged ==\nFake page-gpt reply to: Page on-call: fire (score 3)\n\n',
    );
    const calls = lastBodies(h.openai, 'triage-gpt', 6);
    expect(calls).toHaveLength(6);
    // Every implementation asked the same first question and the same repair, in JSON mode.
    const [first, repair] = [0, 1].map((turn) => calls.filter((_, i) => i % 2 === turn).map(requestOf));
    expect(new Set(first).size, first?.join('\n')).toBe(1);
    expect(new Set(repair).size, repair?.join('\n')).toBe(1);
    const body = calls[1]?.body as {
      response_format: unknown;
      messages: { role: string; content: string }[];
    };
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(body.messages[0]?.content).toMatch(/^You triage tickets for printer on fire\.\n\nReply with only/);
    expect(body.messages[3]?.content).toMatch(
      /^That reply does not fit: the reply is not JSON\. Reply with only/,
    );
    expect(h.openai.callsFor('queue-gpt')).toHaveLength(0);
  });

  it('a reply still invalid after the repair fails the node with the same message everywhere', async () => {
    const script = () =>
      h.anthropic.script(
        { match: { model: 'triage-claude' }, text: '{"priority": "urgent", "items": "none", "score": 1.5}' },
        { match: { model: 'triage-claude' }, text: '{"priority": "soon", "items": [1, true]}' },
      );
    const out = await runEverywhere(
      h,
      routed(triageNode({ provider: 'anthropic', model: 'triage-claude' })),
      [],
      script,
    );
    expect(out.synapse.code).toBe(1);
    const failure = `${INVALID_OUTPUT_PREFIX}$.priority must be one of "high", "low"; $.items[0] must be a string; $.items[1] must be a string`;
    for (const lang of ['synapse', 'python', 'typescript'] as Lang[])
      expect(out[lang].stderr, lang).toContain(failure);
    const calls = lastBodies(h.anthropic, 'triage-claude', 6);
    const repairs = calls.filter((_, i) => i % 2 === 1).map(requestOf);
    expect(new Set(repairs).size, repairs.join('\n')).toBe(1);
    // Anthropic has no JSON mode: the instruction in the system prompt and the validation carry it.
    expect(repairs[0]).not.toContain('response_format');
    expect(repairs[0]).toContain(
      'That reply does not fit: $.priority must be one of \\"high\\", \\"low\\"; $.score must be an integer; $.items must be an array.',
    );
  });

  it('a Map over a structured field ({{nodes.triage.output.items}}) runs one call per item, in order', async () => {
    const file = workflowFile(
      'Map over a field',
      [
        node('in', 'input', { label: 'Ticket', value: 'move offices' }),
        triageNode(),
        node('each', 'map', {
          label: 'Each',
          key: 'each',
          list: '{{nodes.triage.output.items}}',
          provider: 'openai',
          model: 'step-gpt',
          userPrompt: 'Plan step {{index}}: {{item}} ({{nodes.triage.output.priority}})',
          concurrency: 2,
        }),
        node('out', 'output', { label: 'Plan' }),
      ],
      [edge('in', 'triage'), edge('triage', 'each'), edge('each', 'out')],
    );
    const script = () =>
      h.openai.script({
        match: { model: 'triage-gpt' },
        text: '{"priority":"low","items":["pack","label boxes","book a van"]}',
      });
    const out = await runEverywhere(h, file, [], script);
    expect(out.synapse.code).toBe(0);
    expect(JSON.parse(out.synapse.stdout)).toEqual([
      'Fake step-gpt reply to: Plan step 0: pack (low)',
      'Fake step-gpt reply to: Plan step 1: label boxes (low)',
      'Fake step-gpt reply to: Plan step 2: book a van (low)',
    ]);
    expect(h.openai.callsFor('triage-gpt').slice(-3).map(requestOf)).toEqual(
      Array(3).fill(requestOf(h.openai.callsFor('triage-gpt').at(-1)!)),
    );
  });

  it('the built-in local model cannot answer in JSON: a repair, then the same failure everywhere', async () => {
    const out = await runEverywhere(h, routed(triageNode({ provider: 'local', model: 'local-demo' })), []);
    expect(out.synapse.code).toBe(1);
    for (const lang of ['synapse', 'python', 'typescript'] as Lang[])
      expect(out[lang].stderr, lang).toContain(`${INVALID_OUTPUT_PREFIX}the reply is not JSON`);
  });
});
