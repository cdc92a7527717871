// HTTP request nodes through the whole product (server, runner, sync, database): the secret a node
// references, put in the workspace vault through the API, reaches the API it calls and nothing else — not the run document every member replicates,
// not the stored updates, not the checkpoint — and the address policy holds for the URL and every
// redirect (cloud metadata stays refused even with loopback allowed), and a secret limited to hosts
// reaches only those (ADR 0028).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCheckpointRepo, createDocumentStore } from '@synapse/db';
import {
  addNode,
  initWorkflowDoc,
  isTerminalRunStatus,
  readRun,
  runDocName,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, waitUntil } from '../support/connectClient';

const TOKEN = 'ghp_full_stack_secret_98765';

let stack: Stack;
let api: ReturnType<typeof createServer>;
let apiUrl: string;
const received: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  api = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push(req.headers);
    if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/' });
      res.end();
      return;
    }
    // An API that echoes the request, as httpbin does: the secret comes back in the body.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization, url: req.url }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  stack = await startStack();
  // Put through the API into the database vault, as Settings → Secrets does; the embedded runner reads it.
  const put = await fetch(`${stack.url}/api/workspaces/default/secrets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'API_TOKEN', value: TOKEN }),
  });
  expect(put.status).toBe(201);
});
afterAll(async () => {
  await stack?.stop();
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
});

async function runWorkflow(workflowId: string, url: string) {
  const editor = await connectClient(stack.url, stack.syncUrl, workflowDocName('default', workflowId));
  initWorkflowDoc(editor.doc, { name: workflowId }, USER_ORIGIN);
  addNode(
    editor.doc,
    {
      id: 'call',
      type: 'http',
      position: { x: 0, y: 0 },
      data: { url, headers: [{ name: 'Authorization', value: 'Bearer {{secrets.API_TOKEN}}' }] },
    },
    USER_ORIGIN,
  );
  await editor.acknowledged();
  const response = await fetch(`${stack.url}/api/workspaces/default/workflows/${workflowId}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(202);
  const runId = ((await response.json()) as { run: { id: string } }).run.id;
  const watcher = await connectClient(stack.url, stack.syncUrl, runDocName('default', runId));
  await waitUntil(() => {
    const status = readRun(watcher.doc)?.meta.status;
    return status !== undefined && isTerminalRunStatus(status);
  }, 'the run to end');
  const run = readRun(watcher.doc)!;
  const bytes = Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('latin1');
  const { sql } = stack.server.database;
  const checkpoints = await createCheckpointRepo(sql).list(runId);
  // What the server stored of the run document (snapshot and update log), as bytes.
  const stored = await createDocumentStore(sql).load(runDocName('default', runId));
  const storedBytes = Buffer.concat([
    Buffer.from(stored.snapshot ?? []),
    ...stored.updates.map((u) => Buffer.from(u.update)),
  ]).toString('latin1');
  editor.destroy();
  watcher.destroy();
  return { run, bytes, checkpoints, storedBytes };
}

describe('HTTP request node through the whole stack', () => {
  it('sends the vault secret to the API and keeps it out of the run document and the database', async () => {
    const { run, bytes, checkpoints, storedBytes } = await runWorkflow(
      'echo',
      `${apiUrl}/echo?k={{secrets.API_TOKEN}}`,
    );
    expect(run.nodes.call?.status).toBe('succeeded');
    // The database vault records the read (lastUsedAt), so the secret came from there.
    const listed = await fetch(`${stack.url}/api/workspaces/default/secrets`);
    const { secrets } = (await listed.json()) as { secrets: { name: string; lastUsedAt: number | null }[] };
    expect(secrets.find((s) => s.name === 'API_TOKEN')?.lastUsedAt).toEqual(expect.any(Number));
    expect(received.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(run.nodes.call?.output ?? '{}').body).toEqual({
      authorization: 'Bearer [secret API_TOKEN]',
      url: '/echo?k=[secret API_TOKEN]',
    });
    expect(run.nodes.call?.input).toContain('Bearer {{secrets.API_TOKEN}}');
    expect(bytes).not.toContain(TOKEN);
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]?.output).not.toContain(TOKEN);
    expect(storedBytes).toContain('[secret API_TOKEN]');
    expect(storedBytes).not.toContain(TOKEN);
  });

  it('refuses the metadata address, directly and as a redirect target, before anything is sent there', async () => {
    const direct = await runWorkflow('metadata', 'http://169.254.169.254/latest/meta-data/');
    expect(direct.run.nodes.call).toMatchObject({ status: 'failed', errorCode: 'synapse.address.refused' });
    const before = received.length;
    const redirected = await runWorkflow('redirect', `${apiUrl}/to-metadata`);
    expect(redirected.run.nodes.call).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.address.refused',
    });
    expect(received.length).toBe(before + 1);
    expect(redirected.bytes).not.toContain(TOKEN);
  });

  it('sends a secret limited to hosts only to them: another host fails the node before anything is sent', async () => {
    const limit = (allowedHosts: string[]) =>
      fetch(`${stack.url}/api/workspaces/default/secrets/API_TOKEN`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ allowedHosts }),
      });
    expect((await limit(['api.example.com'])).status).toBe(200);
    const before = received.length;
    const refused = await runWorkflow('scoped-refused', `${apiUrl}/echo`);
    expect(refused.run.nodes.call).toMatchObject({ status: 'failed', errorCode: 'synapse.http.secret_host' });
    expect(refused.run.nodes.call?.error).toContain(
      'API_TOKEN may only be sent to api.example.com, not to 127.0.0.1',
    );
    expect(received.length).toBe(before);
    // Listed (the list sealed into the value's associated data, read back by the runner): sent.
    expect((await limit(['api.example.com', '127.0.0.1'])).status).toBe(200);
    const allowed = await runWorkflow('scoped-allowed', `${apiUrl}/echo`);
    expect(allowed.run.nodes.call?.status).toBe('succeeded');
    expect(received.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
