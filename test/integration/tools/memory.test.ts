import {
  addNode,
  countMemoryUse,
  initWorkflowDoc,
  readRun,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitUntil } from '../support/connectClient';

const FACT = 'The Orion project launch is scheduled for the harbour in Lisbon on 14 March.';

// Memory written by one run is retrieved by a later run on a related question (ranked full-text search
// in Postgres) and not by one on an unrelated question; the memory API browses, searches, edits, deletes.
describe('memory bank', () => {
  let stack: Stack;
  let openai: FakeLlm;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    stack = await startStack();
    await call('POST', '/api/workspaces/default/keys', {
      provider: 'openai',
      apiKey: 'sk-test-key-1',
      baseUrl: openai.baseURL,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await openai?.close();
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

  async function runAgent(workflowId: string, data: Record<string, unknown>) {
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', workflowId));
    initWorkflowDoc(editor.doc, { name: workflowId }, USER_ORIGIN);
    const nodeId = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { label: 'A', provider: 'openai', model: 'fake-gpt', ...data },
      },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    const started = await call('POST', `/api/workspaces/default/workflows/${workflowId}/runs`, {});
    const runId: string = started.body.run.id;
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
    await waitUntil(
      () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
      'run end',
      30_000,
    );
    const run = readRun(watcher.doc);
    editor.destroy();
    watcher.destroy();
    if (!run) throw new Error('no run document');
    return { runId, run, node: run.nodes[nodeId] };
  }

  let writerRun = '';
  it('a run writes its output to memory', async () => {
    openai.script({ text: FACT });
    const { runId, run, node } = await runAgent('writer', {
      userPrompt: 'Plan the Orion launch',
      memoryWrite: true,
    });
    writerRun = runId;
    expect(run.meta.status).toBe('succeeded');
    expect(node?.memoryWritten).toBeTruthy();
    expect(countMemoryUse(run)).toEqual({ reads: 0, writes: 1 });
    const listed = await call('GET', '/api/workspaces/default/memory');
    expect(listed.body.entries).toMatchObject([
      { id: node?.memoryWritten, content: FACT, runId, nodeId: expect.any(String) },
    ]);
  });

  it('a later run on a related question gets it in its context; an unrelated one does not', async () => {
    const related = await runAgent('reader', {
      userPrompt: 'Where is the Orion launch happening?',
      memoryRead: true,
    });
    expect(related.run.meta.status).toBe('succeeded');
    expect(related.node?.memoryReads).toEqual([{ id: expect.any(String), content: FACT, runId: writerRun }]);
    expect(countMemoryUse(related.run)).toEqual({ reads: 1, writes: 0 });
    const sent = openai.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages[0]).toMatchObject({ role: 'system' });
    expect(sent.messages[0]?.content).toContain(FACT);

    const unrelated = await runAgent('other', { userPrompt: 'Suggest a pancake recipe', memoryRead: true });
    expect(unrelated.run.meta.status).toBe('succeeded');
    expect(unrelated.node?.memoryReads).toBeUndefined();
    const plain = openai.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(JSON.stringify(plain.messages)).not.toContain('Lisbon');
  });

  it('the memory API searches, edits and deletes entries', async () => {
    const added = await call('POST', '/api/workspaces/default/memory', {
      content: 'Pancakes need buttermilk.',
    });
    expect(added.status).toBe(201);
    expect(added.body.entry.runId).toBeNull();
    const found = await call('GET', '/api/workspaces/default/memory?q=pancake');
    expect(found.body.entries.map((e: { content: string }) => e.content)).toEqual([
      'Pancakes need buttermilk.',
    ]);
    const edited = await call('PATCH', `/api/workspaces/default/memory/${added.body.entry.id}`, {
      content: 'Waffles need buttermilk.',
    });
    expect(edited.body.entry.content).toBe('Waffles need buttermilk.');
    expect((await call('GET', '/api/workspaces/default/memory?q=pancake')).body.entries).toEqual([]);
    expect((await call('DELETE', `/api/workspaces/default/memory/${added.body.entry.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/workspaces/default/memory/${added.body.entry.id}`)).status).toBe(404);
    expect((await call('GET', '/api/workspaces/default/memory')).body.entries).toHaveLength(1);
  });
});
