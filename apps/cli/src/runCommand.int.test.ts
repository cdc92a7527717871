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

      // SYNAPSE_SECRET_<NAME>_HOSTS limits the secret as the vault's list does: its host is fine (ports
      // are not part of an entry), another fails before anything is sent.
      const scoped = (hosts: string) =>
        run({
          SYNAPSE_SECRET_GH_TOKEN: 'ghp_cli_secret',
          SYNAPSE_SECRET_GH_TOKEN_HOSTS: hosts,
          SYNAPSE_ALLOWED_ADDRESSES: '127.0.0.0/8',
        });
      expect((await scoped('api.github.com, 127.0.0.1')).code).toBe(0);
      expect(github.requests).toHaveLength(2);
      const wrongHost = await scoped('api.github.com');
      expect(wrongHost.code).toBe(1);
      expect(JSON.parse(wrongHost.stdout).nodes.issues.error).toContain(
        'the secret GH_TOKEN may only be sent to api.github.com, not to 127.0.0.1',
      );
      expect(github.requests).toHaveLength(2);
    } finally {
      await github.close();
    }
  });

  it('asks a Human approval on the terminal (an edit flows on), approves with --approve, rejects without a terminal', async () => {
    const gated = {
      ...workflow,
      workflow: {
        name: 'gated',
        nodes: [
          workflow.workflow.nodes[0],
          { id: 'gate', type: 'approval', position: { x: 200, y: 0 }, data: { label: 'Review' } },
          { id: 'out', type: 'output', position: { x: 400, y: 0 }, data: { label: 'Result' } },
        ],
        edges: [
          { id: 'e1', source: 'in', target: 'gate', sourceHandle: 'out', targetHandle: 'in' },
          { id: 'e2', source: 'gate', target: 'out', sourceHandle: 'approved', targetHandle: 'in' },
        ],
      },
    };
    const gatedFile = join(await mkdtemp(join(tmpdir(), 'synapse-gated-')), 'gated.json');
    await writeFile(gatedFile, JSON.stringify(gated));

    const asked = capture();
    const answers = ['e', 'tides, edited'];
    const questions: string[] = [];
    const ask = async (q: string) => {
      questions.push(q);
      return answers.shift() ?? '';
    };
    expect(await runCommand([gatedFile], { ...asked.io, ask })).toBe(0);
    expect(questions).toEqual(['Approve? [y]es / [e]dit / [N]o: ', 'New value: ']);
    expect(asked.out.stdout.trim()).toBe('tides, edited');

    const auto = capture();
    expect(await runCommand([gatedFile, '--approve'], auto.io)).toBe(0);
    expect(auto.out.stdout.trim()).toBe('tides');

    const unattended = capture();
    expect(await runCommand([gatedFile], unattended.io)).toBe(1);
    expect(unattended.out.stderr).toMatch(/no terminal to ask; pass --approve/);
  });

  it('runs a Map node: one request per line of its list, the answers as a JSON array in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-run-map-'));
    const path = join(dir, 'map.json');
    const graph = {
      name: 'map',
      nodes: [
        {
          id: 'in',
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Topics', variables: [{ name: 'topics', type: 'text', default: '' }] },
        },
        {
          id: 'each',
          type: 'map',
          position: { x: 200, y: 0 },
          data: {
            label: 'Each',
            failurePolicy: 'fail',
            list: '{{input.topics}}',
            listFormat: 'lines',
            provider: 'openai',
            model: 'gpt-4o-mini',
            userPrompt: 'Explain {{item}}',
            concurrency: 2,
          },
        },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'each', sourceHandle: 'out', targetHandle: 'in' }],
    };
    await writeFile(path, JSON.stringify({ ...workflow, workflow: graph }));
    const { out, io } = capture();
    const code = await runCommand([path, '--input', 'topics=moons\ncomets\ntides', '--json'], io);
    expect(code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(JSON.parse(result.outputs.Each)).toEqual([
      await expectedReply('Explain moons'),
      await expectedReply('Explain comets'),
      await expectedReply('Explain tides'),
    ]);

    // Under `skip` a failing item is null in the output and named on stderr; the run still succeeds.
    const mapNode = graph.nodes[1] as { data: { failurePolicy: string } };
    mapNode.data.failurePolicy = 'skip';
    await writeFile(path, JSON.stringify({ ...workflow, workflow: graph }));
    fake.script({ match: { prompt: 'Explain comets' }, kind: 'status', status: 400 });
    const skipped = capture();
    expect(await runCommand([path, '--input', 'topics=moons\ncomets'], skipped.io)).toBe(0);
    expect(JSON.parse(skipped.out.stdout)).toEqual([await expectedReply('Explain moons'), null]);
    expect(skipped.out.stderr).toContain('! each: item 1 failed and are null');
  });

  async function expectedReply(prompt: string): Promise<string> {
    const { fakeReplyText } = await import('@synapse/testkit/fakes');
    return fakeReplyText('gpt-4o-mini', prompt);
  }

  it('structured output through the real SDK: invalid JSON, one repair, then a router branches on a field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-structured-'));
    const path = join(dir, 'triage.json');
    const agent = (id: string, data: Record<string, unknown>) => ({
      id,
      type: 'agent',
      position: { x: 0, y: 0 },
      data: { label: id, provider: 'openai', model: 'gpt-4o-mini', ...data },
    });
    const graph = {
      name: 'triage',
      nodes: [
        agent('triage', {
          key: 'triage',
          userPrompt: 'Ticket: the printer is on fire',
          outputSchema: {
            type: 'object',
            properties: { priority: { type: 'string', enum: ['high', 'low'] } },
            required: ['priority'],
          },
        }),
        {
          id: 'route',
          type: 'router',
          position: { x: 0, y: 0 },
          data: {
            label: 'Route',
            userPrompt: '{{nodes.triage.output.priority}}',
            branches: [
              { id: 'hi', label: 'high', match: 'equals', value: 'high' },
              { id: 'lo', label: 'low', match: 'else' },
            ],
          },
        },
        { id: 'urgent', type: 'output', position: { x: 0, y: 0 }, data: { label: 'Urgent' } },
        { id: 'later', type: 'output', position: { x: 0, y: 0 }, data: { label: 'Later' } },
      ],
      edges: [
        { id: 'e1', source: 'triage', target: 'route', sourceHandle: 'out', targetHandle: 'in' },
        { id: 'e2', source: 'route', target: 'urgent', sourceHandle: 'hi', targetHandle: 'in' },
        { id: 'e3', source: 'route', target: 'later', sourceHandle: 'lo', targetHandle: 'in' },
      ],
    };
    await writeFile(path, JSON.stringify({ ...workflow, workflow: graph }));
    fake.script({ text: 'Priority: high, clearly.' }, { text: '{"priority": "high"}' });
    const before = fake.requests.length;
    const { out, io } = capture();
    const code = await runCommand([path, '--json'], io);
    expect(code, out.stderr).toBe(0);
    const asked = fake.requests.slice(before).map((r) => r.body as Record<string, unknown>);
    expect(asked).toHaveLength(2);
    // OpenAI's native JSON mode was on for both turns; the repair sent the bad reply back with the problem.
    for (const body of asked) expect(body.response_format).toEqual({ type: 'json_object' });
    expect(JSON.stringify(asked[1]?.messages)).toMatch(
      /Priority: high, clearly\..*does not fit: the reply is not JSON/,
    );
    const result = JSON.parse(out.stdout);
    expect(result.nodes.triage.status).toBe('succeeded');
    // The router routed the field's value down the `high` branch; the other branch was skipped.
    expect(result.outputs).toEqual({ Urgent: 'high' });
    expect(result.nodes.later.status).toBe('skipped');
  });

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
