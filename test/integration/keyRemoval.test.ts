// A provider key deleted from the workspace is not used by any run that starts afterwards: the runner
// reads keys per run, it does not keep them for the life of the process.
import { addNode, initWorkflowDoc, readRun, runDocName, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitUntil } from './support/connectClient';

describe('a deleted provider key', () => {
  let stack: Stack;
  let openai: FakeLlm;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    stack = await startStack();
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

  async function runOnce() {
    const started = await call('POST', '/api/workspaces/default/workflows/keyed/runs', {});
    expect(started.status).toBe(202);
    const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', started.body.run.id));
    await waitUntil(
      () => ['succeeded', 'failed'].includes(readRun(watcher.doc)?.meta.status ?? ''),
      'run end',
      30_000,
    );
    const run = readRun(watcher.doc);
    watcher.destroy();
    return run;
  }

  it('is not used by the next run', async () => {
    const added = await call('POST', '/api/workspaces/default/keys', {
      provider: 'openai',
      apiKey: 'sk-deleted-later',
      baseUrl: openai.baseURL,
    });
    expect(added.status).toBe(201);
    const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', 'keyed'));
    initWorkflowDoc(editor.doc, { name: 'Keyed' }, USER_ORIGIN);
    const nodeId = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { provider: 'openai', model: 'fake-gpt', userPrompt: 'Hello', retries: 0 },
      },
      USER_ORIGIN,
    );
    await editor.acknowledged();
    editor.destroy();

    openai.script({ text: 'first answer' });
    const first = await runOnce();
    expect(first?.nodes[nodeId]).toMatchObject({ status: 'succeeded', output: 'first answer' });
    expect(openai.requests).toHaveLength(1);

    const keyId: string = added.body.key.id;
    expect((await call('DELETE', `/api/workspaces/default/keys/${keyId}`)).status).toBe(204);
    const second = await runOnce();
    expect(second?.nodes[nodeId]?.status).toBe('failed');
    expect(second?.nodes[nodeId]?.error).toContain('not configured');
    expect(openai.requests).toHaveLength(1);
  });
});
