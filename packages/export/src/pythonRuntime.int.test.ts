import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OutputSchema, parseStructuredOutput, renderTemplate } from '@synapse/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickBranchByLabel, pickBranchByRule } from '../../../apps/runner/src/pickBranch';
import { createLocalModel } from '../../providers/src/localModel';
import { stringLiteral, textLiteral } from './escapeString';
import { exportWorkflow } from './exportWorkflow';
import { edge, node } from './test/graphBuilders';
import { structuredCases } from './test/structuredCases';

// Python's strings are not JavaScript's: other whitespace for strip() and \s, code points instead of
// UTF-16 units, case-insensitive [a-z] that matches 'K' (Kelvin). The exported runtime works around
// each; these tests feed the same random strings to it and to Synapse's own functions.

const PIECES = [
  ...'aAzZ09 .,!*"\'`\\{}:-_',
  ...' \t\n\r\v\f\u00a0\u1680\u2003\u2028\u2029\u202f\u205f\u3000\ufeff',
  // Whitespace to Python only, and characters whose case rules differ or that are not ASCII.
  ...'\x1c\x1d\x1e\x1f\x85\u212a\u017fİßΣ',
  '😀',
  '\ud800',
  '\udc00',
  'you are a ',
  'You Are An ',
  'data analyst',
  '{{input}}',
  '{{ input.topic }}',
  '{{input.missing}}',
  '{{nodes.a.output}}',
  '{{nodes.b.output }}',
  '{{nodes.x.outputs}}',
  '{{nodes.a.output.k}}',
  '{{ secrets.KEY }}',
  'yes',
  'no',
  'approve',
  'Approve.',
];
const text = (maxLength = 40) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength }).map((parts) => parts.join(''));
const branch = fc.record({
  id: fc.constantFrom('a', 'b', 'c'),
  label: text(4),
  match: fc.constantFrom('contains', 'equals', 'startsWith', 'else', null),
  value: text(3),
});

type Case =
  | { kind: 'local'; system: string; prompt: string; maxTokens: number | null }
  | {
      kind: 'render';
      template: string;
      upstream: string;
      outputs: Record<string, string>;
      inputs: Record<string, string>;
    }
  | {
      kind: 'rule' | 'label';
      branches: { id: string; label: string; match: string | null; value: string }[];
      text: string;
    }
  | { kind: 'literal'; text: string; literal: string }
  | { kind: 'json'; text: string }
  | { kind: 'structured'; reply: string; schema: OutputSchema };

const HARNESS = `import ast, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
out = []
for c in json.load(sys.stdin):
    k = c["kind"]
    if k == "local":
        out.append(m.local_model(c["system"], c["prompt"], c["maxTokens"])[0])
    elif k == "render":
        out.append(m.render_template(c["template"], c["upstream"], c["outputs"], c["inputs"]))
    elif k == "rule":
        b = m.pick_branch_by_rule(c["branches"], c["text"])
        out.append(b["id"] if b else None)
    elif k == "label":
        b = m.pick_branch_by_label(c["branches"], c["text"])
        out.append(b["id"] if b else None)
    elif k == "literal":
        out.append(ast.literal_eval(c["literal"]))
    elif k == "json":
        out.append(m.js_stringify(m.js_json_parse(c["text"])))
    elif k == "structured":
        text, problem = m.parse_structured_output(c["reply"], c["schema"])
        out.append({"text": text} if problem is None else {"problem": problem})
sys.stdout.write(json.dumps(out))
`;

let dir: string;
let script: string;
let harness: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synapse-export-py-'));
  script = join(dir, 'exported.py');
  harness = join(dir, 'harness.py');
  const graph = {
    name: 'parity',
    nodes: [node('in', 'input'), node('a', 'agent')],
    edges: [edge('in', 'a')],
  } as Parameters<typeof exportWorkflow>[0];
  await writeFile(script, exportWorkflow(graph, { lang: 'python' }));
  await writeFile(harness, HARNESS);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function python(cases: Case[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'python3',
      [harness, script],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as unknown[]);
      },
    );
    child.stdin?.end(JSON.stringify(cases));
  });
}

async function localReply(system: string, prompt: string, maxTokens: number | null): Promise<string> {
  let out = '';
  const model = createLocalModel({ tokenDelayMs: 0 });
  const request = {
    model: 'local-demo',
    ...(system ? { system } : {}),
    messages: [{ role: 'user' as const, content: prompt }],
    ...(maxTokens !== null ? { maxTokens } : {}),
  };
  for await (const chunk of model.stream(request)) if (chunk.type === 'text') out += chunk.text;
  return out;
}

async function expected(c: Case): Promise<unknown> {
  switch (c.kind) {
    case 'local':
      return localReply(c.system, c.prompt, c.maxTokens);
    case 'render':
      return renderTemplate(c.template, { upstream: c.upstream, outputs: c.outputs, inputs: c.inputs });
    case 'rule':
      return pickBranchByRule(c.branches as Parameters<typeof pickBranchByRule>[0], c.text)?.id ?? null;
    case 'label':
      return pickBranchByLabel(c.branches as Parameters<typeof pickBranchByLabel>[0], c.text)?.id ?? null;
    case 'literal':
      return c.text;
    case 'json':
      return JSON.stringify(JSON.parse(c.text));
    case 'structured': {
      const parsed = parseStructuredOutput(c.reply, c.schema);
      return parsed.ok ? { text: parsed.text } : { problem: parsed.error };
    }
  }
}

/** Runs `count` random cases through Python in one process; the seed is in the failure message. */
async function checkParity(arbitrary: fc.Arbitrary<Case>, count = 300): Promise<void> {
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  const cases = fc.sample(arbitrary, { numRuns: count, seed });
  const got = await python(cases);
  for (const [i, c] of cases.entries()) {
    const want = await expected(c);
    if (JSON.stringify(got[i]) !== JSON.stringify(want)) {
      expect({ seed, case: c, python: got[i] }).toEqual({ seed, case: c, python: want });
    }
  }
}

describe('the exported Python runtime matches Synapse on random strings', () => {
  it('the local model, including UTF-16 cuts, role detection and token limits', async () => {
    await checkParity(
      fc.record({
        kind: fc.constant('local' as const),
        system: text(),
        prompt: fc.oneof(
          text(80),
          text(10).map((t) => `${'x'.repeat(79)}${t}`),
        ),
        maxTokens: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 40 }), fc.constant(2.5)),
      }),
    );
  });

  it('templates', async () => {
    const record = fc.dictionary(fc.constantFrom('a', 'b', 'topic', 'x'), text(6));
    await checkParity(
      fc.record({
        kind: fc.constant('render' as const),
        template: text(),
        upstream: text(8),
        outputs: record,
        inputs: record,
      }),
    );
  });

  it('router rules and label picking', async () => {
    await checkParity(
      fc.record({
        kind: fc.constantFrom('rule' as const, 'label' as const),
        branches: fc.array(branch, { minLength: 1, maxLength: 4 }),
        text: text(),
      }),
    );
  });

  it('a lone surrogate matches half of a pair, as in JavaScript (seed -719693652)', async () => {
    const pair = '\ud800\udc00';
    const cases: Case[] = [
      { kind: 'label', branches: [{ id: 'a', label: '\udc00', match: null, value: '' }], text: `${pair}!` },
      { kind: 'label', branches: [{ id: 'a', label: '\ud800', match: null, value: '' }], text: `x ${pair}` },
      { kind: 'rule', branches: [{ id: 'a', label: '', match: 'contains', value: '\udc00' }], text: pair },
      { kind: 'rule', branches: [{ id: 'a', label: '', match: 'startsWith', value: '\ud800' }], text: pair },
    ];
    const want = await Promise.all(cases.map(expected));
    expect(want).toEqual(['a', 'a', 'a', 'a']);
    expect(await python(cases)).toEqual(want);
  });

  it('JSON re-serialised as JavaScript does: number forms, integer-like keys first', async () => {
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constantFrom(1e21, 1e-7, 1.5e-6, 123456789012345680000, 2 ** 53 + 2, -0, 0.1, 1e16),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        number,
        fc.string({ maxLength: 6 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('b', 'a', '2', '10', '01', '-1', 'x y'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    await checkParity(value.map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) })));
    // Integers past 2^53 as written in a response body (not produced by JSON.stringify above).
    const big = ['[12345678901234567890]', '{"id":9007199254740993}', '[1.0, 2.50]'];
    const got = await python(big.map((text) => ({ kind: 'json', text })));
    expect(got).toEqual(big.map((text) => JSON.stringify(JSON.parse(text))));
  });

  it('string literals read back as the same string', async () => {
    await checkParity(
      fc
        .oneof(text(60), fc.string({ unit: 'binary', maxLength: 60 }))
        .chain((t) =>
          fc.constantFrom(
            { kind: 'literal' as const, text: t, literal: stringLiteral(t, 'python') },
            { kind: 'literal' as const, text: t, literal: textLiteral(t, 'python', '    ') },
          ),
        ),
    );
  });

  it('structured output: the same canonical JSON or the same problems, fences and whitespace included', async () => {
    await checkParity(
      structuredCases(text(20)).map((c) => ({ kind: 'structured' as const, ...c })),
      400,
    );
  });
});
