import { addNode, initWorkflowDoc, readRun, runDocName, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import {
  type FakeLlm,
  type FakeMcpServer,
  startFakeMcpServer,
  startFakeOpenAI,
} from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitUntil } from '../support/connectClient';

const HEADER = 'Bearer mcp-header-canary-7f3a91';

// The whole product: MCP servers added over the API (URL through the address policy, header encrypted,
// stdio only from the operator's list), their tools listed with schemas, and an agent calling one in a run.
describe('workspace MCP servers', () => {
  let stack: Stack;
  let mcp: FakeMcpServer;
  let openai: FakeLlm;
  beforeAll(async () => {
    [mcp, openai] = await Promise.all([
      startFakeMcpServer({ token: 'mcp-header-canary-7f3a91' }),
      startFakeOpenAI(),
    ]);
    stack = await startStack({
      // Public names resolve to chosen addresses, so the policy is tested without real DNS.
      server: {
        lookup: async (host) =>
          host === 'internal.example'
            ? [{ address: '10.1.2.3', family: 4 }]
            : [{ address: '93.184.215.14', family: 4 }],
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([mcp?.close(), openai?.close()]);
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }

  it('refuses MCP URLs pointing at private, link-local or metadata addresses', async () => {
    for (const url of [
      'http://10.0.0.5/mcp',
      'http://169.254.169.254/latest',
      'http://internal.example/mcp',
      'http://[fd00::1]/mcp',
    ]) {
      const res = await call('POST', '/api/workspaces/default/mcp-servers', {
        transport: 'http',
        name: 'x',
        url,
      });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe('synapse.address.refused');
    }
    expect(
      (
        await call('POST', '/api/workspaces/default/mcp-servers', {
          transport: 'http',
          name: 'x',
          url: 'file:///etc/passwd',
        })
      ).status,
    ).toBe(400);
    expect((await call('GET', '/api/workspaces/default/mcp-servers')).body.servers).toEqual([]);
  });

  it('never lets a user define a stdio command', async () => {
    const withCommand = await call('POST', '/api/workspaces/default/mcp-servers', {
      transport: 'stdio',
      entry: 'anything',
      command: '/bin/sh',
      args: ['-c', 'id'],
    });
    expect(withCommand.status).toBe(400);
    const unknown = await call('POST', '/api/workspaces/default/mcp-servers', {
      transport: 'stdio',
      entry: 'sh',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('configured by the operator');
    expect((await call('GET', '/api/workspaces/default/mcp-servers')).body).toEqual({
      servers: [],
      stdioChoices: [],
    });
  });

  let serverId = '';
  it('adds an HTTP server with an encrypted header and lists its tools with their schemas', async () => {
    const added = await call('POST', '/api/workspaces/default/mcp-servers', {
      transport: 'http',
      name: 'Calculator',
      url: mcp.url,
      headerValue: HEADER,
    });
    expect(added.status).toBe(201);
    expect(added.text).not.toContain('canary');
    serverId = added.body.server.id;
    expect(added.body.server).toMatchObject({
      transport: 'http',
      url: mcp.url,
      headerName: 'authorization',
      hasHeader: true,
    });
    const tools = await call('GET', `/api/workspaces/default/mcp-servers/${serverId}/tools`);
    expect(tools.body.error).toBeNull();
    const add = tools.body.tools.find((t: { name: string }) => t.name === 'add');
    expect(add.inputSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });
    // At rest the header exists only as ciphertext.
    const sql = stack.server.database.sql;
    const rows = [
      ...(await sql.query('select * from mcp_servers')),
      ...(await sql.query(
        `select id, provider, base_url, hint, encode(ciphertext, 'escape') as c from provider_keys`,
      )),
    ];
    expect(JSON.stringify(rows)).not.toContain('canary');
    // The header is the MCP server's, not a provider key: GET /keys (readable by viewers) does not list it,
    // and the keys routes cannot test or delete it.
    const headerRow = rows.find((r) => String(r.provider).startsWith('mcp-header:')) as { id: string };
    expect(headerRow).toBeDefined();
    const keys = await call('GET', '/api/workspaces/default/keys');
    expect(keys.text).not.toContain('mcp-header');
    expect((await call('POST', `/api/workspaces/default/keys/${headerRow.id}/test`)).status).toBe(404);
    expect((await call('DELETE', `/api/workspaces/default/keys/${headerRow.id}`)).status).toBe(404);
  });

  it('an agent calls the server’s tool in a real run; the run document shows the call', async () => {
    expect(
      (
        await call('POST', '/api/workspaces/default/keys', {
          provider: 'openai',
          apiKey: 'sk-test-key-1',
          baseUrl: openai.baseURL,
        })
      ).status,
    ).toBe(201);
    openai.script(
      { toolCalls: [{ name: 'add', arguments: { a: 40, b: 2 } }] },
      { text: 'The answer is 42.' },
    );
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', 'calc'));
    initWorkflowDoc(editor.doc, { name: 'calc' }, USER_ORIGIN);
    const nodeId = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 0, y: 0 },
        data: {
          label: 'Calc',
          provider: 'openai',
          model: 'fake-gpt',
          userPrompt: 'What is 40 + 2?',
          tools: [`mcp:${serverId}:add`],
        },
      },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    const started = await call('POST', '/api/workspaces/default/workflows/calc/runs', {});
    expect(started.status).toBe(202);
    const runId = started.body.run.id;
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    await waitUntil(
      () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
      'run end',
      30_000,
    );
    const run = readRun(watcher.doc);
    expect(run?.meta.status).toBe('succeeded');
    expect(run?.nodes[nodeId]?.output).toBe('The answer is 42.');
    expect(run?.nodes[nodeId]?.toolCalls).toMatchObject([
      {
        tool: `mcp:${serverId}:add`,
        name: 'add',
        arguments: '{"a":40,"b":2}',
        status: 'succeeded',
        result: '42',
      },
    ]);
    expect(mcp.calls.at(-1)).toEqual({ tool: 'add', arguments: { a: 40, b: 2 }, authorization: HEADER });
    editor.destroy();
    watcher.destroy();
  });

  it('removing the server deletes its stored header', async () => {
    expect((await call('DELETE', `/api/workspaces/default/mcp-servers/${serverId}`)).status).toBe(204);
    const keys = (await call('GET', '/api/workspaces/default/keys')).body.keys;
    expect(keys.map((k: { provider: string }) => k.provider)).toEqual(['openai']);
  });
});
