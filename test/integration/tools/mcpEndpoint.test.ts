import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { addNode, connect, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../support/connectClient';

// Workflows as MCP tools: the real MCP SDK client lists a published workflow (input schema from its
// Input node) on the workspace endpoint, calls it (a real run) and gets its output; a revoked token is refused.
describe('workspace MCP endpoint', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
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

  async function mcpClient(token: string): Promise<Client> {
    const client = new Client({ name: 'endpoint-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${stack.url}/mcp/workspaces/default`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  }

  let token = '';
  let tokenId = '';
  it('lists a published workflow with its input schema and runs it when called', async () => {
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', 'brief'));
    initWorkflowDoc(editor.doc, { name: 'brief' }, USER_ORIGIN);
    const input = addNode(
      editor.doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: { label: 'Input', variables: [{ name: 'topic', type: 'string', default: '' }] },
      },
      USER_ORIGIN,
    );
    const output = addNode(
      editor.doc,
      { type: 'output', position: { x: 300, y: 0 }, data: { label: 'Result' } },
      USER_ORIGIN,
    );
    connect(editor.doc, { source: input, target: output }, USER_ORIGIN);
    await editor.acknowledged();
    editor.destroy();

    const published = await call('PUT', '/api/workspaces/default/workflows/brief/mcp-tool', {
      toolName: 'write_brief',
      description: 'Writes a brief on a topic.',
    });
    expect(published.status).toBe(200);
    const created = await call('POST', '/api/workspaces/default/api-tokens', { name: 'CI' });
    expect(created.status).toBe(201);
    token = created.body.token;
    tokenId = created.body.info.id;
    const listed = await call('GET', '/api/workspaces/default/api-tokens');
    expect(listed.text).not.toContain(token);

    const client = await mcpClient(token);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({
      name: 'write_brief',
      description: 'Writes a brief on a topic.',
      inputSchema: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] },
    });
    const result = await client.callTool({ name: 'write_brief', arguments: { topic: 'tidal energy' } });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: 'tidal energy' }]);
    expect(result.structuredContent).toMatchObject({
      status: 'succeeded',
      outputs: { Result: 'tidal energy' },
    });
    await client.close();
  });

  it('refuses a missing, wrong or revoked token', async () => {
    const anonymous = await call('POST', '/mcp/workspaces/default', {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
    });
    expect(anonymous.status).toBe(401);
    await expect(mcpClient('syn_not-a-real-token')).rejects.toMatchObject({ code: 401 });
    expect((await call('DELETE', `/api/workspaces/default/api-tokens/${tokenId}`)).status).toBe(204);
    await expect(mcpClient(token)).rejects.toMatchObject({ code: 401 });
  });
});
