import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RUNNABLE_CASES } from '@synapse/schema/runnableCases';
import { type FakeLlm, startFakeGitHub, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './runCommand';

const BIN = fileURLToPath(new URL('../bin/synapse.mjs', import.meta.url));

const workflow = {
  format: 'synapse.workflow',
  version: 1,
  exportedAt: '2026-11-20T00:00:00.000Z',
  workflow: {
    name: 'cli',
    nodes: [
      {
        id: 'in',
        type: 'input',
        position: { x: 0, y: 0 },
        data: { label: 'Topic', variables: [{ name: 'topic', type: 'text', default: 'tides' }] },
      },
      {
        id: 'writer',
        type: 'agent',
        position: { x: 200, y: 0 },
        data: {
          label: 'Writer',
          provider: 'openai',
          model: 'gpt-4o-mini',
          userPrompt: 'Write about {{input.topic}}',
        },
      },
      { id: 'out', type: 'output', position: { x: 400, y: 0 }, data: { label: 'Result' } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'writer', sourceHandle: 'out', targetHandle: 'in' },
      { id: 'e2', source: 'writer', target: 'out', sourceHandle: 'out', targetHandle: 'in' },
    ],
  },
};

describe('synapse run', () => {
  let fake: FakeLlm;
  let file: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-cli-test' });
    const dir = await mkdtemp(join(tmpdir(), 'synapse-run-'));
    file = join(dir, 'workflow.json');
    await writeFile(file, JSON.stringify(workflow));
  });
  afterAll(async () => {
    await fake?.close();
  });

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
          id === 'openai' ? { apiKey: 'sk-cli-test', baseURL: fake.baseURL } : null,
      },
    };
  }

  it('runs the file against the provider with the given inputs and prints the output', async () => {
    const { out, io } = capture();
    const code = await runCommand([file, '--input', 'topic=moons'], io);
    expect(code).toBe(0);
    expect(fake.requests.at(-1)?.prompt).toContain('Write about moons');
    expect(out.stdout.trim()).toBe(await expectedReply('Write about moons'));
    expect(out.stderr).toMatch(/✓ Writer succeeded/);
  });

  it('prints JSON with --json and exits 1 when the provider refuses the key', async () => {
    const { out, io } = capture();
    const code = await runCommand([file, '--json'], {
      ...io,
      credentials: (id) => (id === 'openai' ? { apiKey: 'sk-wrong', baseURL: fake.baseURL } : null),
    });
    expect(code).toBe(1);
    const result = JSON.parse(out.stdout);
    expect(result.status).toBe('failed');
    expect(result.nodes.writer).toMatchObject({ status: 'failed' });
    expect(result.nodes.writer.error).toMatch(/auth|key|401/i);
    expect(result.nodes.out.status).toBe('skipped');
  });

  it('exits 2 with a clear message for a bad file or bad arguments', async () => {
    const { out, io } = capture();
    expect(await runCommand([join(tmpdir(), 'no-such-file.json')], io)).toBe(2);
    expect(out.stderr).toMatch(/cannot read/);
    expect(await runCommand([file, '--input', 'oops'], io)).toBe(2);
    expect(out.stderr).toMatch(/--input needs name=value/);
  });

  it('exits 2 naming an input the workflow does not declare, before calling any model', async () => {
    const { out, io } = capture();
    const before = fake.requests.length;
    expect(await runCommand([file, '--input', 'nosuch=1'], io)).toBe(2);
    expect(out.stderr).toContain('unknown input "nosuch"; this workflow takes topic');
    expect(out.stdout).toBe('');
    expect(fake.requests.length).toBe(before);
    const bin = await promisify(execFile)(process.execPath, [BIN, 'run', file, '--input', 'nosuch=1'], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-cli-test', OPENAI_BASE_URL: fake.baseURL },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bin.code).toBe(2);
    expect(bin.stderr).toContain('unknown input "nosuch"');
  });

  it('works as a command: the bin entry wires the environment keys through', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BIN, 'run', file, '--input', 'topic=comets'],
      {
        env: { ...process.env, OPENAI_API_KEY: 'sk-cli-test', OPENAI_BASE_URL: fake.baseURL },
      },
    );
    expect(stdout.trim()).toBe(await expectedReply('Write about comets'));
    expect(stderr).toMatch(/Run succeeded/);
  });

  it('HTTP request nodes read secrets from SYNAPSE_SECRET_<NAME> and the address policy from the environment', async () => {
    const github = await startFakeGitHub({ token: 'ghp_cli_secret' });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'synapse-run-http-'));
      const httpFile = join(dir, 'http.json');
      await writeFile(
        httpFile,
        JSON.stringify({
          ...workflow,
          workflow: {
            name: 'http',
            nodes: [
              {
                id: 'issues',
                type: 'http',
                position: { x: 0, y: 0 },
                data: {
                  label: 'Issues',
                  method: 'GET',
                  url: `${github.url}/repos/synapse-dev/synapse/issues?per_page=1`,
                  headers: [{ name: 'Authorization', value: 'Bearer {{secrets.GH_TOKEN}}' }],
                },
              },
            ],
            edges: [],
          },
        }),
      );
      const run = (env: Record<string, string>) =>
        promisify(execFile)(process.execPath, [BIN, 'run', httpFile, '--json'], {
          env: { ...process.env, ...env },
        }).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code: number; stdout: string }) => error,
        );
      const allowed = await run({
        SYNAPSE_SECRET_GH_TOKEN: 'ghp_cli_secret',
        SYNAPSE_ALLOWED_ADDRESSES: '127.0.0.0/8',
      });
      expect(allowed.code).toBe(0);
      const output = JSON.parse(JSON.parse(allowed.stdout).outputs.Issues);
      expect(output.body[0].number).toBe(418);
      expect(github.requests[0]?.headers.authorization).toBe('Bearer ghp_cli_secret');
      expect(allowed.stdout).not.toContain('ghp_cli_secret');

      const refused = await run({ SYNAPSE_SECRET_GH_TOKEN: 'ghp_cli_secret' });
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout).nodes.issues.error).toContain('is not allowed');
      expect(github.requests).toHaveLength(1);
    } finally {
      await github.close();
    }
  });

  async function expectedReply(prompt: string): Promise<string> {
    const { fakeReplyText } = await import('@synapse/testkit/fakes');
    return fakeReplyText('gpt-4o-mini', prompt);
  }

  describe('refuses the checkRunnable table as intake, the runner and export do (exit 2)', () => {
    for (const [i, c] of RUNNABLE_CASES.entries()) {
      it(c.name, async () => {
        const dir = await mkdtemp(join(tmpdir(), 'synapse-runnable-'));
        const path = join(dir, `case-${i}.json`);
        await writeFile(path, JSON.stringify({ ...workflow, workflow: c.graph }));
        const { out, io } = capture();
        const args = Object.entries(c.inputs).flatMap(([name, value]) => ['--input', `${name}=${value}`]);
        const code = await runCommand([path, ...args], io);
        if (c.expected === null) {
          expect(code).toBe(0);
          return;
        }
        expect(code).toBe(2);
        expect(out.stderr).toMatch(c.expected.message);
      });
    }
  });
});
