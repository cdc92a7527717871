import { addNode, initWorkflowDoc, readRun, runDocName, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitUntil } from '../support/connectClient';
import { type FakeSearch, startFakeSearch } from './startFakeSearch';

// The built-in web_search tool with the workspace's Brave or Tavily key: an agent calls it through
// a fake OpenAI tool-call stream; the result the model and the run view get carries the source links.
describe('web search tool', () => {
  let stack: Stack;
  let openai: FakeLlm;
  let search: FakeSearch;
  beforeAll(async () => {
    [openai, search] = await Promise.all([startFakeOpenAI(), startFakeSearch()]);
    stack = await startStack();
    await call('POST', '/api/workspaces/default/keys', {
      provider: 'openai',
      apiKey: 'sk-test-key-1',
      baseUrl: openai.baseURL,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([openai?.close(), search?.close()]);
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function runSearchAgent(workflowId: string) {
    openai.script(
      { toolCalls: [{ name: 'web_search', arguments: { query: 'tidal power' } }] },
      { text: 'Tidal power converts the energy of tides [1].' },
    );
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', workflowId));
    initWorkflowDoc(editor.doc, { name: workflowId }, USER_ORIGIN);
    const nodeId = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 0, y: 0 },
        data: {
          label: 'Researcher',
          provider: 'openai',
          model: 'fake-gpt',
          userPrompt: 'What is tidal power?',
          tools: ['builtin:web_search'],
        },
      },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    const started = await call('POST', `/api/workspaces/default/workflows/${workflowId}/runs`, {});
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', started.body.run.id));
    await waitUntil(
      () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
      'run end',
      30_000,
    );
    const run = readRun(watcher.doc);
    editor.destroy();
    watcher.destroy();
    return run?.nodes[nodeId];
  }

  it('without a search key the agent fails with a clear reason', async () => {
    const node = await runSearchAgent('nokey');
    expect(node?.status).toBe('failed');
    expect(node?.errorCode).toBe('synapse.tools.unknown');
    openai.reset();
  });

  it('Brave: results with source links reach the model and the run view', async () => {
    const saved = await call('POST', '/api/workspaces/default/keys', {
      provider: 'brave',
      apiKey: 'brave-key-123',
      baseUrl: search.url,
    });
    expect(saved.status).toBe(201);
    const node = await runSearchAgent('brave');
    expect(node?.status).toBe('succeeded');
    expect(search.requests.at(-1)).toEqual({
      path: '/res/v1/web/search',
      key: 'brave-key-123',
      query: 'tidal power',
    });
    const result = node?.toolCalls?.[0];
    expect(result).toMatchObject({ tool: 'builtin:web_search', status: 'succeeded' });
    expect(result?.result).toContain(
      '[1] Tidal power - Wikipedia\nhttps://en.wikipedia.org/wiki/Tidal_power',
    );
    expect(result?.result).toContain('https://example.org/rance');
    const second = openai.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(second.messages.find((m) => m.role === 'tool')?.content).toContain(
      'https://en.wikipedia.org/wiki/Tidal_power',
    );
    await call('DELETE', `/api/workspaces/default/keys/${saved.body.key.id}`);
  });

  it('Tavily: the same through the Tavily API', async () => {
    expect(
      (
        await call('POST', '/api/workspaces/default/keys', {
          provider: 'tavily',
          apiKey: 'tvly-key-456',
          baseUrl: search.url,
        })
      ).status,
    ).toBe(201);
    const node = await runSearchAgent('tavily');
    expect(node?.status).toBe('succeeded');
    expect(search.requests.at(-1)).toEqual({
      path: '/search',
      key: 'Bearer tvly-key-456',
      query: 'tidal power',
    });
    expect(node?.toolCalls?.[0]?.result).toContain('[2] La Rance tidal station\nhttps://example.org/rance');
  });
});
