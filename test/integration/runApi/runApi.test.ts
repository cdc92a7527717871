// The run API against the whole stack (server + runner + the built-in local model, PGlite): a real SSE
// client (eventsource-parser over fetch) receives every output delta of a streamed run in order and the
// final outputs; the wait mode returns outputs; tokens follow their creator's current role on the run API
// and the MCP endpoint alike; a script's HocuspocusProvider edits a workflow with nothing but an API token,
// and a read-scoped token's writes are refused.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { IDEMPOTENCY_WINDOW_MS } from '@synapse/db';
import {
  addNode,
  connect,
  initWorkflowDoc,
  readWorkflow,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { IDEMPOTENCY_PRUNE_CRON, IDEMPOTENCY_PRUNE_QUEUE } from '@synapse/server';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { type EventSourceMessage, EventSourceParserStream } from 'eventsource-parser/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../support/openDoc';

const WS = 'default';
const WF = 'streamed';
let stack: Stack;
let owner: TestUser;

async function createToken(by: TestUser, scope: 'read' | 'run'): Promise<string> {
  const response = await by.request(`/api/workspaces/${WS}/api-tokens`, {
    body: { name: `${scope} script`, scope },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

function api(token: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(init.body ?? {}),
  });
}

async function syncTokenFor(apiToken: string): Promise<{ token: string; access: string }> {
  const response = await api(apiToken, '/api/v1/sync-token');
  expect(response.status).toBe(200);
  return (await response.json()) as { token: string; access: string };
}

/** Decodes a Hocuspocus frame far enough to see a SyncStatus (8) answer: whether the server applied a write. */
function syncStatusOf(frame: Uint8Array): boolean | null {
  let at = 0;
  const varUint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = frame[at++] ?? 0;
      n += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return n;
    }
  };
  const nameLength = varUint();
  at += nameLength; // the document name
  if (varUint() !== 8) return null;
  return varUint() !== 0;
}

beforeAll(async () => {
  stack = await startStack({ devAuth: false, tokenDelayMs: 8 });
  owner = await stack.users.signUp({ name: 'Owner' });
  const author = openDoc(stack.syncUrl, workflowDocName(WS, WF), () => owner.syncToken());
  await author.synced();
  initWorkflowDoc(author.doc, { name: 'Streamed' }, USER_ORIGIN);
  const input = addNode(
    author.doc,
    {
      type: 'input',
      position: { x: 0, y: 0 },
      data: { label: 'Input', variables: [{ name: 'topic', type: 'string', default: '', required: true }] },
    },
    USER_ORIGIN,
  );
  const writer = addNode(
    author.doc,
    {
      type: 'agent',
      position: { x: 300, y: 0 },
      data: { label: 'Writer', userPrompt: 'Write about {{input.topic}}' },
    },
    USER_ORIGIN,
  );
  const output = addNode(
    author.doc,
    { type: 'output', position: { x: 600, y: 0 }, data: { label: 'Result' } },
    USER_ORIGIN,
  );
  connect(author.doc, { source: input, target: writer }, USER_ORIGIN);
  connect(author.doc, { source: writer, target: output }, USER_ORIGIN);
  await eventually(() => author.provider.unsyncedChanges === 0, 'the workflow saved');
  author.destroy();
  // Runs through the API use the published version by default.
  const versions = `/api/workspaces/${WS}/workflows/${WF}/versions`;
  const saved = await owner.request(versions, { body: { name: 'Release 1' } });
  const { version } = (await saved.json()) as { version: { id: string } };
  expect((await owner.request(`${versions}/${version.id}/publish`, { method: 'POST' })).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
});

describe('run API', () => {
  it('streams a run as Server-Sent Events: every output delta in order, then the outputs', async () => {
    const token = await createToken(owner, 'run');
    const response = await api(token, `/api/v1/workflows/${WF}/runs`, {
      body: { inputs: { topic: 'tidal energy' } },
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events: { event: string; data: any }[] = [];
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const message = value as EventSourceMessage;
      events.push({ event: message.event ?? 'message', data: JSON.parse(message.data) });
    }
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('run.started');
    expect(names.at(-1)).toBe('run.finished');
    const finished = events.at(-1)?.data;
    expect(finished).toMatchObject({ status: 'succeeded', inputs: { topic: 'tidal energy' } });
    const result: string = finished.outputs.Result;
    expect(result).toContain('tidal energy');

    const graph = events.find((e) => e.event === 'node.started' && e.data.label === 'Writer');
    const writerId: string = graph?.data.nodeId;
    const writerEvents = events.filter((e) => e.data.nodeId === writerId).map((e) => e.event);
    const deltas = events
      .filter((e) => e.event === 'token' && e.data.nodeId === writerId)
      .map((e) => e.data.delta);
    // Streamed in several pieces, which together are exactly the output, in order.
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result);
    expect(writerEvents[0]).toBe('node.started');
    expect(writerEvents.at(-1)).toBe('node.finished');
    expect(events.filter((e) => e.event === 'node.finished').map((e) => e.data.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);

    const read = await fetch(`${stack.url}/api/v1/runs/${finished.runId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await read.json()).toMatchObject({ status: 'succeeded', outputs: { Result: result } });
  });

  it("prunes idempotency keys past their window on the server's pg-boss schedule", async () => {
    const queue = stack.server.queue;
    expect((await queue.getSchedule(IDEMPOTENCY_PRUNE_QUEUE))?.cron).toBe(IDEMPOTENCY_PRUNE_CRON);
    const sql = stack.server.database.sql;
    const insert = (key: string, createdAt: number) =>
      sql.query(
        `insert into run_idempotency_keys (workspace_id, caller, idempotency_key, workflow_id, run_id, created_at_ms)
         values ($1, 'token:prune', $2, $3, 'run-x', $4)`,
        [WS, key, WF, createdAt],
      );
    await insert('expired', Date.now() - IDEMPOTENCY_WINDOW_MS - 60_000);
    await insert('live', Date.now());
    // The occurrence the cron would send, sent now through the server's own queue and worker.
    const id = await queue.send(IDEMPOTENCY_PRUNE_QUEUE, {});
    if (!id) throw new Error('the prune job was not queued');
    await eventually(
      async () => {
        const [job] = await queue.findJobs(IDEMPOTENCY_PRUNE_QUEUE, { id });
        if (job?.state === 'failed') throw new Error(`prune job failed: ${JSON.stringify(job.output)}`);
        return job?.state === 'completed';
      },
      'the prune job',
      20_000,
    );
    const left = await sql.query<{ key: string }>(
      `select idempotency_key as key from run_idempotency_keys where caller = 'token:prune' order by 1`,
    );
    expect(left.map((r) => r.key)).toEqual(['live']);
  });

  it('waits for the outputs when asked to', async () => {
    const token = await createToken(owner, 'run');
    const response = await api(token, `/api/v1/workflows/${WF}/runs?wait=60s`, {
      body: { inputs: { topic: 'kelp' } },
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as { status: string; outputs: Record<string, string> };
    expect(run.status).toBe('succeeded');
    expect(run.outputs.Result).toContain('kelp');
  });

  it("refuses a removed member's token on the run API and the MCP endpoint, and a demoted one's run at once", async () => {
    const colleague = await stack.users.signUp({ inviteToken: await stack.users.invite(owner, WS, 'owner') });
    const token = await createToken(colleague, 'run');
    const mcp = async () => {
      const client = new Client({ name: 'run-api-test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${stack.url}/mcp/workspaces/${WS}`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      return client;
    };
    await (await mcp()).close();
    const member = `/api/workspaces/${WS}/members/${colleague.id}`;
    expect((await owner.request(member, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(200);
    expect(
      (await api(token, `/api/v1/workflows/${WF}/runs`, { body: { inputs: { topic: 'x' } } })).status,
    ).toBe(403);
    expect((await owner.request(member, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await api(token, `/api/v1/workflows/${WF}/runs`, { body: { inputs: { topic: 'x' } } })).status,
    ).toBe(401);
    await expect(mcp()).rejects.toMatchObject({ code: 401 });
  });
});

describe('sync tokens for scripts', () => {
  it('lets a HocuspocusProvider with only an API token edit a workflow', async () => {
    const { token, access } = await syncTokenFor(await createToken(owner, 'run'));
    expect(access).toBe('write');
    const script = openDoc(stack.syncUrl, workflowDocName(WS, WF), token);
    expect((await script.outcome).kind).toBe('read-write');
    await script.synced();
    addNode(
      script.doc,
      { type: 'note', position: { x: 0, y: 300 }, data: { label: 'From a script' } },
      USER_ORIGIN,
    );
    await eventually(() => script.provider.unsyncedChanges === 0, 'the edit applied');
    script.destroy();
    const check = openDoc(stack.syncUrl, workflowDocName(WS, WF), () => owner.syncToken());
    await check.synced();
    expect(readWorkflow(check.doc).nodes.map((n) => n.data.label)).toContain('From a script');
    check.destroy();
  });

  it("refuses a read-scoped token's writes, as a viewer's", async () => {
    const { token, access } = await syncTokenFor(await createToken(owner, 'read'));
    expect(access).toBe('read');
    const script = openDoc(stack.syncUrl, workflowDocName(WS, WF), token);
    expect((await script.outcome).kind).toBe('readonly');
    await script.synced();
    const refused = new Promise<void>((resolve) => {
      script.provider.on('message', ({ event }: { event: MessageEvent }) => {
        if (syncStatusOf(new Uint8Array(event.data as ArrayBuffer)) === false) resolve();
      });
    });
    addNode(
      script.doc,
      { type: 'note', position: { x: 0, y: 600 }, data: { label: 'Not allowed' } },
      USER_ORIGIN,
    );
    await refused;
    script.destroy();
    const check = openDoc(stack.syncUrl, workflowDocName(WS, WF), () => owner.syncToken());
    await check.synced();
    expect(readWorkflow(check.doc).nodes.map((n) => n.data.label)).not.toContain('Not allowed');
    check.destroy();
  });
});
