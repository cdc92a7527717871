import { randomBytes } from 'node:crypto';
import {
  createMcpServersRepo,
  createProviderKeyStore,
  createWorkspacesRepo,
  type Database,
  type ProviderKeyStore,
  parseMasterKeyring,
} from '@synapse/db';
import { readRun } from '@synapse/schema';
import {
  type FakeLlm,
  type FakeMcpServer,
  startFakeMcpServer,
  startFakeOpenAI,
} from '@synapse/testkit/fakes';
import { mcpHeaderProvider } from '@synapse/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunServices } from './createRunServices';
import { agentChain, handleRunJob, openTestDatabase, seedRun } from './test/runFixture';

// A run whose three agents each use an MCP server with an auth header and the built-in web search:
// the header and the search key are decrypted through the key store once for the whole run.
describe('run services', () => {
  let database: Database;
  let openai: FakeLlm;
  let mcp: FakeMcpServer;
  let serverId: string;
  const decryptions: string[] = [];
  let services: ReturnType<typeof createRunServices>;

  beforeAll(async () => {
    [openai, mcp] = await Promise.all([startFakeOpenAI(), startFakeMcpServer({ token: 'mcp-secret' })]);
    ({ database } = await openTestDatabase());
    await createWorkspacesRepo(database.sql).ensure({ id: 'ws', name: 'Workspace' });
    const store = createProviderKeyStore(database.sql, {
      masterKeys: parseMasterKeyring(`k1:${randomBytes(32).toString('base64')}`),
    });
    // Every decryption the runner asks for goes through resolve / resolveById.
    const counted: ProviderKeyStore = {
      ...store,
      resolve: (workspaceId, provider, actor) => {
        decryptions.push(provider);
        return store.resolve(workspaceId, provider, actor);
      },
      resolveById: (workspaceId, id, actor) => {
        decryptions.push(`key ${id}`);
        return store.resolveById(workspaceId, id, actor);
      },
    };
    serverId = 'calc';
    const header = await store.save({
      workspaceId: 'ws',
      provider: mcpHeaderProvider(serverId),
      baseUrl: mcp.url,
      apiKey: 'Bearer mcp-secret',
      createdBy: 'u',
    });
    await createMcpServersRepo(database.sql).create({
      id: serverId,
      workspaceId: 'ws',
      name: 'calc',
      transport: 'http',
      url: mcp.url,
      stdioEntry: null,
      headerName: 'authorization',
      headerKeyId: header.id,
      createdBy: 'u',
      createdAt: 1,
    });
    await store.save({
      workspaceId: 'ws',
      provider: 'brave',
      baseUrl: 'http://127.0.0.1:9/',
      apiKey: 'brave-key',
      createdBy: 'u',
    });
    decryptions.length = 0;
    services = createRunServices({
      sql: database.sql,
      providers: [],
      keyStore: counted,
      credentials: async (_workspaceId, providerId) =>
        providerId === 'openai' ? { apiKey: 'sk-test', baseURL: openai.baseURL } : null,
      addressPolicy: { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] },
      routerPolicy: { retries: 0 },
      now: Date.now,
    });
  });
  afterAll(async () => {
    await services?.close();
    await database?.close();
    await Promise.all([openai?.close(), mcp?.close()]);
  });

  async function runThreeToolAgents(runId: string) {
    const graph = agentChain(['a', 'b', 'c'], {
      provider: 'openai',
      model: 'gpt-4o-mini',
      tools: [`mcp:${serverId}:add`, 'builtin:web_search'],
    });
    const { doc } = await seedRun(database, graph, { id: runId });
    for (const node of ['a', 'b', 'c']) {
      openai.script(
        { toolCalls: [{ id: `call_${node}`, name: 'add', arguments: { a: 2, b: 3 } }] },
        { text: `${node} says 5` },
      );
    }
    await handleRunJob(database, doc, services.servicesFor, { id: runId });
    return readRun(doc);
  }

  it('decrypts the MCP header and the search key once per run, not once per node', async () => {
    const run = await runThreeToolAgents('run-tools-1');

    expect(run?.meta.status).toBe('succeeded');
    expect(['a', 'b', 'c'].map((id) => run?.nodes[id]?.output)).toEqual(['a says 5', 'b says 5', 'c says 5']);
    // Each node's call reached the server with the decrypted header.
    expect(mcp.calls.map((c) => [c.tool, c.authorization])).toEqual([
      ['add', 'Bearer mcp-secret'],
      ['add', 'Bearer mcp-secret'],
      ['add', 'Bearer mcp-secret'],
    ]);
    expect(decryptions.sort()).toEqual(['brave', expect.stringMatching(/^key /)]);
  });

  it('decrypts again for the next run, so a changed key is never carried over', async () => {
    decryptions.length = 0;
    const run = await runThreeToolAgents('run-tools-2');

    expect(run?.meta.status).toBe('succeeded');
    expect(decryptions.sort()).toEqual(['brave', expect.stringMatching(/^key /)]);
  });
});
