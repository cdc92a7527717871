// `respond: 'wait'` webhooks against the whole stack (server + runner, PGlite): a delivery waits for its
// run and answers with its outputs; a run that cannot finish within the wait (its model call is held by
// the fake OpenAI server) is answered 202 with the run id when the cap ends, and keeps running.
import { addNode, connect, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { createWebhookSender, type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../support/openDoc';

const WS = 'default';
/** Long enough for the quick run to finish on a loaded machine; the held run can never finish within it. */
const WAIT_MS = 10_000;
let stack: Stack;
let fake: FakeLlm;
let owner: TestUser;

/** Saves a published workflow: Input(topic) → [Agent on `provider`] → Output "Result". */
async function publishedWorkflow(id: string, agent: Record<string, unknown> | null): Promise<void> {
  const author = openDoc(stack.syncUrl, workflowDocName(WS, id), () => owner.syncToken());
  await author.synced();
  initWorkflowDoc(author.doc, { name: id }, USER_ORIGIN);
  const input = addNode(
    author.doc,
    {
      type: 'input',
      position: { x: 0, y: 0 },
      data: { label: 'Input', variables: [{ name: 'topic', type: 'string', default: '', required: true }] },
    },
    USER_ORIGIN,
  );
  const output = addNode(
    author.doc,
    { type: 'output', position: { x: 600, y: 0 }, data: { label: 'Result' } },
    USER_ORIGIN,
  );
  if (agent) {
    const node = addNode(author.doc, { type: 'agent', position: { x: 300, y: 0 }, data: agent }, USER_ORIGIN);
    connect(author.doc, { source: input, target: node }, USER_ORIGIN);
    connect(author.doc, { source: node, target: output }, USER_ORIGIN);
  } else connect(author.doc, { source: input, target: output }, USER_ORIGIN);
  await eventually(() => author.provider.unsyncedChanges === 0, 'the workflow saved');
  author.destroy();
  const versions = `/api/workspaces/${WS}/workflows/${id}/versions`;
  const saved = await owner.request(versions, { body: { name: 'Release 1' } });
  const { version } = (await saved.json()) as { version: { id: string } };
  expect((await owner.request(`${versions}/${version.id}/publish`, { method: 'POST' })).status).toBe(200);
}

async function waitingHook(workflowId: string) {
  const response = await owner.request(`/api/workspaces/${WS}/workflows/${workflowId}/webhooks`, {
    body: { name: 'Wait', inputs: { topic: '{{body.topic}}' }, signature: 'github', respond: 'wait' },
  });
  expect(response.status).toBe(201);
  const { url, secret } = (await response.json()) as { url: string; secret: string };
  return createWebhookSender({
    url: `${stack.url}${url}`,
    secret,
    send: (target, init) => fetch(target, init),
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  stack = await startStack({ devAuth: false, server: { webhookWaitMs: WAIT_MS } });
  owner = await stack.users.signUp({ name: 'Owner' });
  const key = await owner.request(`/api/workspaces/${WS}/keys`, {
    body: { provider: 'openai', apiKey: 'sk-test-0123456789', baseUrl: fake.baseURL },
  });
  expect(key.status).toBe(201);
  await publishedWorkflow('quick', null);
  await publishedWorkflow('held', {
    label: 'Held',
    provider: 'openai',
    model: 'fake-gpt',
    userPrompt: 'Write about {{input.topic}}',
    timeoutMs: 600_000,
    retries: 0,
  });
});

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});

describe("webhooks that wait for their run's outputs", () => {
  it('answer 200 with the finished run and its outputs', async () => {
    const sender = await waitingHook('quick');
    const response = await sender.deliver({ topic: 'kelp forests' });
    expect(response.status).toBe(200);
    const run = (await response.json()) as {
      runId: string;
      status: string;
      trigger: string;
      outputs: Record<string, string>;
    };
    expect(run).toMatchObject({ status: 'succeeded', outputs: { Result: 'kelp forests' } });
    expect(run.trigger).toMatch(/^webhook:/);
    // The runner stored the outputs on the run's row as it ended the run: what the answer was read from.
    const [row] = await stack.server.database.sql.query<{ outputs: unknown }>(
      'select outputs from runs where id = $1',
      [run.runId],
    );
    expect(row?.outputs).toEqual({ Result: 'kelp forests' });
  });

  it('answer 202 with the run id when the wait ends first, and the run goes on', async () => {
    // The model call is held for longer than the test runs: the run cannot finish within the wait.
    fake.script({ match: { model: 'fake-gpt' }, delayBeforeHeadersMs: 600_000 });
    const sender = await waitingHook('held');
    const response = await sender.deliver({ topic: 'tides' });
    expect(response.status).toBe(202);
    const run = (await response.json()) as { runId: string; status: string };
    expect(run.runId).toEqual(expect.any(String));
    expect(['queued', 'running']).toContain(run.status);
    // The run went on after the answer: its model call is still held, not abandoned.
    await eventually(() => fake.callsFor('fake-gpt').length === 1, 'the held model call');
    const view = await owner.request(`/api/workspaces/${WS}/runs/${run.runId}`);
    expect(((await view.json()) as { run: { status: string } }).run.status).toBe('running');
    const cancelled = await owner.request(`/api/workspaces/${WS}/runs/${run.runId}/cancel`, {
      method: 'POST',
    });
    expect(cancelled.status).toBe(202);
  });
});
