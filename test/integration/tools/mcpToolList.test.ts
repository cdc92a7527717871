import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { DocumentStore } from '@synapse/db';
import { addNode, initWorkflowDoc, setNodeField, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type ServerHandle, startServer } from '@synapse/server';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../support/connectClient';

const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) backends.push(['Postgres', process.env.TEST_DATABASE_URL]);

// The MCP endpoint builds its tool list from published rows: a tools/list request opens no workflow
// document (counted as loads through the document store while none is in memory), and the list follows
// publish, republish under a new name, edits to the Input node and unpublish.
describe.each(backends)('MCP tool list without opening documents (%s)', (_, postgresUrl) => {
  let server: ServerHandle;
  let dataDir: string;
  let testDb: TestDatabase | null = null;
  const loads: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'synapse-mcp-list-'));
    if (postgresUrl) testDb = await createTestDatabase(postgresUrl);
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl: testDb?.url,
      secret: 'test-secret-test-secret-test-secret!',
      logLevel: 'silent',
      pretty: false,
      maxMessageBytes: 2 * 1024 * 1024,
      maxDocumentBytes: 16 * 1024 * 1024,
      webDist: undefined,
      devAuth: true,
      decorateStore: (store): DocumentStore => ({
        ...store,
        load(docName) {
          loads.push(docName);
          return store.load(docName);
        },
      }),
    });
  });
  afterAll(async () => {
    await server?.stop();
    await testDb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  // The API through the app itself, no socket (the MCP client below uses the real HTTP endpoint).
  const asJson = (method: string, body: object): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const toolPath = (workflowId: string) => `/api/workspaces/default/workflows/${workflowId}/mcp-tool`;
  async function publish(workflowId: string, tool: { toolName: string; description?: string }) {
    expect((await server.app.request(toolPath(workflowId), asJson('PUT', tool))).status).toBe(200);
  }

  async function openDocuments(): Promise<number> {
    const health = await server.app.request('/api/system/health');
    expect(health.status).toBe(200);
    return ((await health.json()) as { sync: { documents: number } }).sync.documents;
  }

  let token = '';
  /** tools/list on a fresh MCP session, once no document is in memory; fails if it loaded others. */
  async function listTools(expectedLoads: string[] = []) {
    for (let i = 0; (await openDocuments()) > 0; i++) {
      if (i > 500) throw new Error('documents stayed in memory');
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = loads.length;
    const client = new Client({ name: 'tool-list-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/workspaces/default`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(loads.slice(before)).toEqual(expectedLoads);
      return tools.map((t) => ({
        name: t.name,
        description: t.description,
        inputs: t.inputSchema.properties,
      }));
    } finally {
      await client.close();
    }
  }

  async function workflow(workflowId: string, variables: { name: string; type: string; default: string }[]) {
    const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', workflowId));
    initWorkflowDoc(editor.doc, { name: workflowId }, USER_ORIGIN);
    const input = addNode(
      editor.doc,
      { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Input', variables } },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    return { editor, input };
  }

  let brief: { editor: TestClient; input: string };
  it('lists published workflows with their inputs and loads no document doing so', async () => {
    brief = await workflow('brief', [{ name: 'topic', type: 'string', default: '' }]);
    const plain = await workflow('plain', []);
    plain.editor.destroy();
    await publish('brief', { toolName: 'write_brief' });
    await publish('plain', { toolName: 'plain_tool', description: 'Does a plain thing.' });
    const created = await server.app.request(
      '/api/workspaces/default/api-tokens',
      asJson('POST', { name: 'CI' }),
    );
    token = ((await created.json()) as { token: string }).token;
    // Once the editor leaves, the server unloads the document: a tools/list that opened it would load it.
    brief.editor.destroy();

    expect(await listTools()).toEqual([
      { name: 'plain_tool', description: 'Does a plain thing.', inputs: {} },
      {
        name: 'write_brief',
        description: 'Runs the Synapse workflow brief.',
        inputs: { topic: expect.objectContaining({ type: 'string' }) },
      },
    ]);
  });

  it('follows an edit of the Input node, a republish under a new name and an unpublish', async () => {
    // The same workflow, reopened: its Input node's variable renamed and a second one added.
    brief.editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'brief'));
    setNodeField(
      brief.editor.doc,
      brief.input,
      'variables',
      [
        { name: 'subject', type: 'string', default: '' },
        { name: 'words', type: 'number', default: '200' },
      ],
      USER_ORIGIN,
    );
    await brief.editor.acknowledged();
    brief.editor.destroy();
    const briefTool = (tools: Awaited<ReturnType<typeof listTools>>) =>
      tools.find((t) => t.name === 'write_brief');
    expect(Object.keys(briefTool(await listTools())?.inputs ?? {})).toEqual(['subject', 'words']);

    await publish('brief', { toolName: 'brief_v2', description: 'Renamed.' });
    const renamed = await listTools();
    expect(renamed.map((t) => t.name)).toEqual(['brief_v2', 'plain_tool']);
    expect(renamed[0]).toMatchObject({ description: 'Renamed.', inputs: { subject: {}, words: {} } });

    expect((await server.app.request(toolPath('plain'), { method: 'DELETE' })).status).toBe(204);
    expect((await listTools()).map((t) => t.name)).toEqual(['brief_v2']);
  });

  it('reads a row published before inputs were stored from its document once, then from the row', async () => {
    await server.database.sql.query('update published_workflows set input_variables = null');
    const once = await listTools([workflowDocName('default', 'brief')]);
    expect(Object.keys(once[0]?.inputs ?? {})).toEqual(['subject', 'words']);
    expect(await listTools()).toEqual(once);
  });
});
