import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakeLlm, fakeReplyText, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './runCommand';

// `synapse run` on a workflow file whose Sub-workflow nodes call graphs the file bundles: the child
// runs in this process against the same providers, its progress prefixed with the calling node.

const BIN = fileURLToPath(new URL('../bin/synapse.mjs', import.meta.url));

const at = { x: 0, y: 0 };
const edge = (source: string, target: string, sourceHandle = 'out') => ({
  id: `${source}:${sourceHandle}->${target}:in`,
  source,
  target,
  sourceHandle,
  targetHandle: 'in',
});

/** The called workflow: its input → (an approval, when `gated`) → an agent on OpenAI → its Output. */
function child(gated = false) {
  return {
    name: 'Summarizer',
    nodes: [
      {
        id: 'in',
        type: 'input',
        position: at,
        data: { label: 'Text', variables: [{ name: 'text', type: 'text', default: '' }] },
      },
      ...(gated ? [{ id: 'gate', type: 'approval', position: at, data: { label: 'Check' } }] : []),
      {
        id: 'sum',
        type: 'agent',
        position: at,
        data: {
          label: 'Summarize',
          provider: 'openai',
          model: 'gpt-4o-mini',
          userPrompt: 'Summarize {{input.text}}',
        },
      },
      { id: 'o', type: 'output', position: at, data: { label: 'Summary' } },
    ],
    edges: gated
      ? [edge('in', 'gate'), edge('gate', 'sum', 'approved'), edge('sum', 'o')]
      : [edge('in', 'sum'), edge('sum', 'o')],
  };
}

/** Topic → Sub-workflow "Brief" (calls wf-sum's published version) → Result. */
function parentFile(bundle: Record<string, unknown> | null) {
  return {
    format: 'synapse.workflow',
    version: bundle ? 2 : 1,
    exportedAt: '2026-12-07T00:00:00.000Z',
    workflow: {
      name: 'Parent',
      nodes: [
        {
          id: 'in',
          type: 'input',
          position: at,
          data: { label: 'Topic', variables: [{ name: 'topic', type: 'text', default: 'tides' }] },
        },
        {
          id: 'sub',
          type: 'subworkflow',
          position: at,
          data: {
            label: 'Brief',
            workflowId: 'wf-sum',
            versionId: '',
            inputs: [{ name: 'text', value: 'notes on {{input.topic}}' }],
          },
        },
        { id: 'out', type: 'output', position: at, data: { label: 'Result' } },
      ],
      edges: [edge('in', 'sub'), edge('sub', 'out')],
    },
    ...(bundle ? { subworkflows: bundle } : {}),
  };
}

describe('synapse run with sub-workflows', () => {
  let fake: FakeLlm;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-cli-sub' });
    dir = await mkdtemp(join(tmpdir(), 'synapse-run-sub-'));
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function fileOf(name: string, content: object): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(content));
    return path;
  }

  function capture() {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (t: string) => {
          out.stdout += t;
        },
        stderr: (t: string) => {
          out.stderr += t;
        },
        credentials: (id: string) =>
          id === 'openai' ? { apiKey: 'sk-cli-sub', baseURL: fake.baseURL } : null,
      },
    };
  }

  it('runs the bundled child with the rendered inputs; its output, progress and tokens show in the parent', async () => {
    const file = await fileOf(
      'parent.json',
      parentFile({ 'wf-sum@': { versionId: 'v4', workflow: child() } }),
    );
    const { out, io } = capture();
    expect(await runCommand([file, '--input', 'topic=moons'], io)).toBe(0);
    expect(fake.requests.at(-1)?.prompt).toBe('Summarize notes on moons');
    expect(out.stdout).toBe(`${fakeReplyText('gpt-4o-mini', 'Summarize notes on moons')}\n`);
    expect(out.stderr).toContain('▶ Brief running\n');
    expect(out.stderr).toContain('✓ Brief › Summarize succeeded\n');
    expect(out.stderr).toContain('✓ Brief succeeded\n');
    // The parent's own nodes use no model: the tokens counted are the child's.
    const tokens = Number(
      /Run succeeded: 3 node\(s\) succeeded, 0 failed, (\d+) tokens/.exec(out.stderr)?.[1],
    );
    expect(tokens).toBeGreaterThan(0);

    const json = capture();
    expect(await runCommand([file, '--json'], json.io)).toBe(0);
    const result = JSON.parse(json.out.stdout);
    expect(result.outputs.Result).toBe(fakeReplyText('gpt-4o-mini', 'Summarize notes on tides'));
    expect(result.nodes.sub).toMatchObject({ status: 'succeeded' });
  });

  it('approvals inside the child go through the terminal gate: --approve, or a rejection failing the node', async () => {
    const file = await fileOf(
      'gated.json',
      parentFile({ 'wf-sum@': { versionId: 'v4', workflow: child(true) } }),
    );
    const approved = capture();
    expect(await runCommand([file, '--approve'], approved.io)).toBe(0);
    expect(approved.out.stdout).toBe(`${fakeReplyText('gpt-4o-mini', 'Summarize notes on tides')}\n`);

    const unattended = capture();
    expect(await runCommand([file], unattended.io)).toBe(1);
    // The child's failed node is reported under the calling node, with why.
    expect(unattended.out.stderr).toMatch(/✗ Brief › gate: .*no terminal to ask; pass --approve/);
    expect(unattended.out.stderr).toContain('✗ sub: Summarizer: ');
    expect(unattended.out.stdout).toBe('');
  });

  it('exits 2 before anything runs when the file lacks a called workflow or they call each other', async () => {
    const before = fake.requests.length;
    const old = await fileOf('old.json', parentFile(null));
    const { out, io } = capture();
    expect(await runCommand([old], io)).toBe(2);
    expect(out.stderr).toContain(
      'Brief: the workflow it calls (wf-sum, its published version) is not in this file. Download the workflow file from Synapse again',
    );
    const looping = {
      ...child(),
      name: 'Looper',
      nodes: [
        {
          id: 'again',
          type: 'subworkflow',
          position: at,
          data: { label: 'Again', workflowId: 'wf-sum', versionId: '' },
        },
      ],
      edges: [],
    };
    const cycle = await fileOf(
      'cycle.json',
      parentFile({ 'wf-sum@': { versionId: 'v4', workflow: looping } }),
    );
    const refused = capture();
    expect(await runCommand([cycle], refused.io)).toBe(2);
    expect(refused.out.stderr).toContain(
      'sub-workflows call each other in a cycle: Parent → Looper → Looper',
    );
    expect(fake.requests.length).toBe(before);

    // The command itself: the message and exit code reach the shell.
    const bin = await promisify(execFile)(process.execPath, [BIN, 'run', old], { env: process.env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bin.code).toBe(2);
    expect(bin.stderr).toContain(
      'Brief: the workflow it calls (wf-sum, its published version) is not in this file',
    );
  });
});
