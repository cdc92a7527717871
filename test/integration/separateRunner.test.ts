import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addNode,
  connect,
  initWorkflowDoc,
  readRun,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import {
  type FakeGitHub,
  type FakeLlm,
  type FakeMcpServer,
  fakeMcpStdioCommand,
  startFakeGitHub,
  startFakeMcpServer,
  startFakeOpenAI,
} from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, waitUntil } from './support/connectClient';
import { createRunner } from './support/createRunner';

const SECRET = 'separate-runner-secret-0123456789abcdef';
const MCP_HEADER = 'Bearer separate-runner-mcp-header';
const GITHUB_TOKEN = 'ghp_separate_runner_vault_token';
// What server and runner share in production: the master key, the address policy, the stdio allow-list.
const SHARED_ENV = {
  SYNAPSE_MASTER_KEY: `k1:${randomBytes(32).toString('base64')}`,
  SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
  SYNAPSE_MCP_STDIO_SERVERS: JSON.stringify([
    { id: 'local', label: 'Local tools', ...fakeMcpStdioCommand() },
  ]),
};
const postgresUrl = process.env.TEST_DATABASE_URL;

// The production shape: `synapse server` and `synapse runner` as separate processes sharing Postgres.
// PGlite is single-process, so this shape exists only with a Postgres server.
describe.runIf(postgresUrl)(
  'server and runner as separate processes on Postgres (needs TEST_DATABASE_URL)',
  () => {
    let db: TestDatabase;
    let dir: string;
    let server: ChildServer;
    let runner: Awaited<ReturnType<typeof createRunner>>;
    let openai: FakeLlm;
    let mcp: FakeMcpServer;
    let github: FakeGitHub;

    beforeAll(async () => {
      [openai, mcp, github] = await Promise.all([
        startFakeOpenAI(),
        startFakeMcpServer({ token: 'separate-runner-mcp-header' }),
        startFakeGitHub({ token: GITHUB_TOKEN }),
      ]);
      db = await createTestDatabase(postgresUrl as string);
      dir = await mkdtemp(join(tmpdir(), 'synapse-separate-'));
      server = await startChildServer({
        DATABASE_URL: db.url,
        DATA_DIR: dir,
        SYNAPSE_SECRET: SECRET,
        ...SHARED_ENV,
      });
      runner = await createRunner({
        databaseUrl: db.url,
        syncUrl: server.syncUrl,
        secret: SECRET,
        env: SHARED_ENV,
      });
    });
    afterAll(async () => {
      await runner?.stop();
      await server?.kill('SIGTERM');
      await Promise.all([openai?.close(), mcp?.close(), github?.close()]);
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs a workflow queued by the server and exposes health and metrics', async () => {
      const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'separate'));
      initWorkflowDoc(editor.doc, { name: 'Separate' }, USER_ORIGIN);
      const a = addNode(editor.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
      const b = addNode(editor.doc, { type: 'agent', position: { x: 200, y: 0 } }, USER_ORIGIN);
      connect(editor.doc, { source: a, target: b }, USER_ORIGIN);
      await editor.acknowledged();

      const response = await fetch(`${server.url}/api/workspaces/default/workflows/separate/runs`, {
        method: 'POST',
      });
      expect(response.status).toBe(202);
      const { run } = (await response.json()) as { run: { id: string } };
      const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', run.id));
      await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'the run to succeed', 30_000);
      expect(readRun(watcher.doc)?.nodes[b]?.output).toContain('Local demo model');

      expect(await fetch(`${runner.url}/health`).then((r) => r.json())).toMatchObject({ status: 'ok' });
      // The runner counts the run once its final state is durable and the row is terminal.
      let metrics = '';
      for (let i = 0; i < 100 && !metrics.includes('status="succeeded"'); i++) {
        metrics = await fetch(`${runner.url}/metrics`).then((r) => r.text());
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(metrics).toMatch(/synapse_runs_total\{status="succeeded"\} 1/);
      watcher.destroy();
      editor.destroy();
    });

    async function call(method: string, path: string, body?: unknown) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    }

    it('gives agents the workspace’s MCP servers (HTTP with its stored header, stdio) and memory', async () => {
      const key = await call('POST', '/api/workspaces/default/keys', {
        provider: 'openai',
        apiKey: 'sk-separate-runner',
        baseUrl: openai.baseURL,
      });
      expect(key.status).toBe(201);
      const http = await call('POST', '/api/workspaces/default/mcp-servers', {
        transport: 'http',
        name: 'Calculator',
        url: mcp.url,
        headerValue: MCP_HEADER,
      });
      expect(http.status).toBe(201);
      const stdio = await call('POST', '/api/workspaces/default/mcp-servers', {
        transport: 'stdio',
        entry: 'local',
      });
      expect(stdio.status).toBe(201);
      const httpId: string = http.body.server.id;
      const stdioId: string = stdio.body.server.id;

      openai.script(
        {
          toolCalls: [
            { id: 'call_add', name: 'add', arguments: { a: 40, b: 2 } },
            { id: 'call_w', name: 'weather', arguments: { city: 'Oslo' } },
          ],
        },
        { text: 'The answer is 42 and Oslo is 4°C.' },
      );
      const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'tools'));
      initWorkflowDoc(editor.doc, { name: 'Tools' }, USER_ORIGIN);
      const nodeId = addNode(
        editor.doc,
        {
          type: 'agent',
          position: { x: 0, y: 0 },
          data: {
            provider: 'openai',
            model: 'fake-gpt',
            userPrompt: 'What is 40 + 2, and the weather in Oslo?',
            tools: [`mcp:${httpId}:add`, `mcp:${stdioId}:weather`],
            memoryWrite: true,
          },
        },
        USER_ORIGIN,
      );
      await editor.acknowledged();
      const started = await call('POST', '/api/workspaces/default/workflows/tools/runs', {});
      expect(started.status).toBe(202);
      const runId: string = started.body.run.id;
      const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', runId));
      await waitUntil(
        () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
        'the run to end',
        30_000,
      );
      const node = readRun(watcher.doc)?.nodes[nodeId];
      expect(node?.error ?? null).toBeNull();
      expect(node?.toolCalls?.map((c) => [c.name, c.status, c.result])).toEqual([
        ['add', 'succeeded', '42'],
        ['weather', 'succeeded', 'Oslo: 4°C, clear'],
      ]);
      // The header was decrypted by the runner with the shared master key and sent to its URL only.
      expect(mcp.calls).toEqual([{ tool: 'add', arguments: { a: 40, b: 2 }, authorization: MCP_HEADER }]);
      const memory = await call('GET', '/api/workspaces/default/memory');
      expect(memory.body.entries).toMatchObject([
        { id: node?.memoryWritten, content: 'The answer is 42 and Oslo is 4°C.', runId },
      ]);
      watcher.destroy();
      editor.destroy();
    });

    it('gives HTTP request nodes the workspace vault secret put through the API (shared master key)', async () => {
      expect(
        (await call('POST', '/api/workspaces/default/secrets', { name: 'GITHUB_TOKEN', value: GITHUB_TOKEN }))
          .status,
      ).toBe(201);
      const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'fetch'));
      initWorkflowDoc(editor.doc, { name: 'Fetch' }, USER_ORIGIN);
      const nodeId = addNode(
        editor.doc,
        {
          type: 'http',
          position: { x: 0, y: 0 },
          data: {
            url: `${github.url}/repos/synapse-dev/synapse/issues`,
            headers: [{ name: 'Authorization', value: 'Bearer {{secrets.GITHUB_TOKEN}}' }],
          },
        },
        USER_ORIGIN,
      );
      await editor.acknowledged();
      const started = await call('POST', '/api/workspaces/default/workflows/fetch/runs', {});
      expect(started.status).toBe(202);
      const watcher = await connectClient(
        server.url,
        server.syncUrl,
        runDocName('default', started.body.run.id),
      );
      await waitUntil(
        () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
        'the run to end',
        30_000,
      );
      const node = readRun(watcher.doc)?.nodes[nodeId];
      expect(node?.error ?? null).toBeNull();
      expect(JSON.parse(node?.output ?? '{}').status).toBe(200);
      // The runner opened the database vault with SYNAPSE_MASTER_KEY and sent the token to GitHub only.
      expect(github.requests.at(-1)?.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
      expect(node?.output).not.toContain(GITHUB_TOKEN);
      watcher.destroy();
      editor.destroy();
    });
  },
);
