import { createSubworkflowRunsRepo } from '@synapse/db';
import { addNode, connect, ErrorCodes, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER } from '../../auth/Principal';
import { errorCode, type TestClient } from '../test/requestAs';
import { seedPublishedWorkflow } from '../test/seedPublishedWorkflow';
import { useTeamApp } from '../test/useTestApp';
import { parseWait } from './runApiRoutes';

// The run API with app.request(): tokens as principals with their creator's current role, starting (with
// idempotency keys and input checks), reading and cancelling runs, script sync tokens, the OpenAPI document.
// Runs are queued, not run (no runner here); streaming and waiting for outputs are in
// test/integration/runApi/runApi.test.ts against the whole stack.
const t = useTeamApp();
const WF = 'api-brief';
let publishedVersionId = '';

async function createToken(owner: TestClient, scope: 'read' | 'run', name = `${scope} token`) {
  const response = await owner.request('/api/workspaces/default/api-tokens', { body: { name, scope } });
  expect(response.status).toBe(201);
  return (await response.json()) as { token: string; info: { id: string; scope: string } };
}

function withToken(
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return t.app.request(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const start = (
  token: string,
  body: unknown = { inputs: { topic: 'tides' } },
  headers: Record<string, string> = {},
) => withToken(token, `/api/v1/workflows/${WF}/runs`, { body, headers });

beforeAll(async () => {
  // The run API runs the published version unless a request names another.
  publishedVersionId = await seedPublishedWorkflow(t.sync, t.owner, WF);
});

describe('run API routes', () => {
  it('starts a run with a run-scoped token at once, reads it back and cancels it', async () => {
    const { token } = await createToken(t.owner, 'run');
    const jobs = t.jobs.length;
    const started = await start(token);
    expect(started.status).toBe(202);
    const run = (await started.json()) as {
      runId: string;
      status: string;
      outputs: unknown;
      inputs: unknown;
    };
    expect(run).toMatchObject({ status: 'queued', outputs: null, inputs: { topic: 'tides' } });
    expect(started.headers.get('location')).toBe(`/api/v1/runs/${run.runId}`);
    expect(t.jobs.length).toBe(jobs + 1);

    const read = await withToken(token, `/api/v1/runs/${run.runId}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ runId: run.runId, workflowId: WF, status: 'queued' });
    const cancelled = await withToken(token, `/api/v1/runs/${run.runId}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ runId: run.runId, status: 'cancelled', outputs: {} });
    const again = await withToken(token, `/api/v1/runs/${run.runId}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it("reads a finished run's outputs from its row, where the runner stored them", async () => {
    const { token } = await createToken(t.owner, 'read', 'outputs reader');
    const run = (await (await start((await createToken(t.owner, 'run', 'outputs runner')).token)).json()) as {
      runId: string;
    };
    // As the runner leaves a finished run: the row holds the outputs. The run document has no node
    // results here (no runner), so outputs read from it would be empty.
    await t.database.sql.query(
      `update runs set status = 'succeeded', finished_at_ms = 1, outputs = $2 where id = $1`,
      [run.runId, { Result: 'stored on the row' }],
    );
    const read = await withToken(token, `/api/v1/runs/${run.runId}`);
    expect(await read.json()).toMatchObject({
      status: 'succeeded',
      outputs: { Result: 'stored on the row' },
    });
  });

  it("links a Sub-workflow's child run to the run and node that called it; a top-level run has none", async () => {
    const { token } = await createToken(t.owner, 'read', 'parent reader');
    const started = await start((await createToken(t.owner, 'run', 'parent runner')).token);
    const parent = (await started.json()) as { runId: string };
    expect(parent).toMatchObject({ parentRunId: null, parentNodeId: null });
    // The child as the runner's Sub-workflow gate creates it (no runner here, ADR 0024).
    const { run: child } = await createSubworkflowRunsRepo(t.database.sql).createChild({
      id: 'api-child-run',
      workspaceId: 'default',
      workflowId: WF,
      versionId: publishedVersionId,
      requestedBy: t.owner.id,
      inputs: { topic: 'tides' },
      createdAt: 1,
      deadlineAt: 1_000_000,
      versionSource: 'published',
      parentRunId: parent.runId,
      parentNodeId: 'call',
    });
    const read = await withToken(token, `/api/v1/runs/${child.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      runId: child.id,
      parentRunId: parent.runId,
      parentNodeId: 'call',
      trigger: `subworkflow:${parent.runId}`,
    });
    const top = await withToken(token, `/api/v1/runs/${parent.runId}`);
    expect(await top.json()).toMatchObject({ runId: parent.runId, parentRunId: null, parentNodeId: null });
  });

  it('answers the same run for the same Idempotency-Key from the same token, and a new one for another token', async () => {
    const first = await createToken(t.owner, 'run', 'first');
    const second = await createToken(t.owner, 'run', 'second');
    const jobs = t.jobs.length;
    const key = { 'idempotency-key': 'order-42' };
    const a = await start(first.token, undefined, key);
    const b = await start(first.token, undefined, key);
    const c = await start(second.token, undefined, key);
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    const [ra, rb, rc] = (await Promise.all([a.json(), b.json(), c.json()])) as { runId: string }[];
    expect(rb?.runId).toBe(ra?.runId);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(a.headers.get('idempotency-replayed')).toBeNull();
    expect(rc?.runId).not.toBe(ra?.runId);
    expect(t.jobs.length).toBe(jobs + 2);
    // A start refused for its inputs does not use up the key.
    const bad = await start(first.token, { inputs: { nosuch: 1 } }, { 'idempotency-key': 'order-43' });
    expect(bad.status).toBe(422);
    expect((await start(first.token, undefined, { 'idempotency-key': 'order-43' })).status).toBe(202);
    // The key names one request: reused for another workflow it is refused, not answered with this run.
    const elsewhere = await withToken(first.token, '/api/v1/workflows/another/runs', {
      body: { inputs: {}, version: 'draft' },
      headers: key,
    });
    expect(elsewhere.status).toBe(422);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toContain(
      `already started a run of workflow ${WF}`,
    );
  });

  it('refuses unknown and missing inputs with 422 naming them, and a malformed body with 400', async () => {
    const { token } = await createToken(t.owner, 'run');
    const unknown = await start(token, { inputs: { topic: 'x', nosuch: 1 } });
    expect(unknown.status).toBe(422);
    const body = (await unknown.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(ErrorCodes.runInputs);
    expect(body.error.message).toContain('unknown input "nosuch"; this workflow takes topic');
    const missing = await start(token, { inputs: {} });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
      'input "topic" is required',
    );
    expect((await start(token, { inputs: { topic: 'x' }, extra: true })).status).toBe(400);
    expect((await start(token, { inputs: { topic: 'x' }, version: 'not a version!' })).status).toBe(400);
    const other = await withToken(token, '/api/v1/workflows/no-such-workflow/runs', { body: { inputs: {} } });
    expect(other.status).toBe(404);
  });

  it('runs the published version by default, the draft or a version when named, and says when none is published', async () => {
    const { token } = await createToken(t.owner, 'run');
    const published = (await (await start(token)).json()) as { versionId: string };
    expect(published.versionId).toBe(publishedVersionId);
    const pinned = await start(token, { inputs: { topic: 'x' }, version: publishedVersionId });
    expect(((await pinned.json()) as { versionId: string }).versionId).toBe(publishedVersionId);
    const draft = await start(token, { inputs: { topic: 'x' }, version: 'draft' });
    expect(draft.status).toBe(202);
    expect(((await draft.json()) as { versionId: string }).versionId).not.toBe(publishedVersionId);

    const unpublished = 'api-unpublished';
    const connection = await t.sync.openDirectConnection(workflowDocName('default', unpublished), {
      principal: DEV_USER,
      sessionId: null,
    });
    if (!connection.document) throw new Error('no document');
    initWorkflowDoc(connection.document, { name: 'Never published' }, USER_ORIGIN);
    const input = addNode(
      connection.document,
      { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Input' } },
      USER_ORIGIN,
    );
    const output = addNode(
      connection.document,
      { type: 'output', position: { x: 300, y: 0 }, data: { label: 'Result' } },
      USER_ORIGIN,
    );
    connect(connection.document, { source: input, target: output }, USER_ORIGIN);
    await connection.disconnect();
    const refused = await withToken(token, `/api/v1/workflows/${unpublished}/runs`, { body: { inputs: {} } });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe(ErrorCodes.noPublishedVersion);
    const ranDraft = await withToken(token, `/api/v1/workflows/${unpublished}/runs`, {
      body: { inputs: {}, version: 'draft' },
    });
    expect(ranDraft.status).toBe(202);
  });

  it('lets a read-scoped token read runs but not start or cancel them', async () => {
    const runner = await createToken(t.owner, 'run');
    const reader = await createToken(t.owner, 'read');
    const run = (await (await start(runner.token)).json()) as { runId: string };
    const refused = await start(reader.token);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await withToken(reader.token, `/api/v1/runs/${run.runId}`)).status).toBe(200);
    expect(
      (await withToken(reader.token, `/api/v1/runs/${run.runId}/cancel`, { method: 'POST' })).status,
    ).toBe(403);
    // Its lower scope also caps it on the rest of the API: members can be listed, tokens not.
    expect((await withToken(reader.token, '/api/workspaces/default/members')).status).toBe(200);
    expect((await withToken(reader.token, '/api/workspaces/default/api-tokens')).status).toBe(403);
  });

  it('lets even a run-scoped token only read outside /api/v1: no provider keys, MCP servers or memory', async () => {
    const { token } = await createToken(t.owner, 'run');
    expect((await withToken(token, '/api/workspaces/default/members')).status).toBe(200);
    const key = await withToken(token, '/api/workspaces/default/keys', {
      body: {
        provider: 'openai',
        label: 'exfiltrate',
        apiKey: 'sk-test-123456',
        baseUrl: 'https://evil.example/v1',
      },
    });
    expect(key.status).toBe(403);
    expect(await errorCode(key)).toBe(ErrorCodes.forbidden);
    const mcp = await withToken(token, '/api/workspaces/default/mcp-servers', {
      body: { name: 'x', url: 'https://evil.example/mcp' },
    });
    expect(mcp.status).toBe(403);
    expect((await t.owner.request('/api/workspaces/default/keys')).status).toBe(200);
    const keys = (await (await t.owner.request('/api/workspaces/default/keys')).json()) as {
      keys: { label: string }[];
    };
    expect(keys.keys.map((k) => k.label)).not.toContain('exfiltrate');
  });

  it('refuses unknown and revoked tokens with 401 and lists tokens with scope and last use', async () => {
    const { token, info } = await createToken(t.owner, 'read', 'listed');
    expect((await withToken(token, '/api/v1/runs/nope')).status).toBe(404);
    const listed = await (await t.owner.request('/api/workspaces/default/api-tokens')).text();
    expect(listed).not.toContain(token);
    const entry = (
      JSON.parse(listed) as { tokens: { id: string; scope: string; lastUsedAt: number | null }[] }
    ).tokens.find((x) => x.id === info.id);
    expect(entry).toMatchObject({ scope: 'read' });
    expect(entry?.lastUsedAt).toEqual(expect.any(Number));
    expect(
      (await t.owner.request(`/api/workspaces/default/api-tokens/${info.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    const revoked = await withToken(token, '/api/v1/runs/nope');
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe(ErrorCodes.unauthorized);
    expect((await withToken('syn_not-a-token', '/api/v1/runs/nope')).status).toBe(401);
    expect((await t.app.request('/api/v1/runs/nope')).status).toBe(401);
  });

  it("acts at the creator's current role: a demoted creator's token is reduced at once, a removed one's refused", async () => {
    const creator = await t.member(t.owner, 'owner');
    const { token } = await createToken(creator, 'run');
    expect((await start(token)).status).toBe(202);
    const member = `/api/workspaces/default/members/${creator.id}`;
    expect((await t.owner.request(member, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(200);
    expect((await start(token)).status).toBe(403);
    expect((await withToken(token, '/api/workspaces/default/members')).status).toBe(200);
    expect((await t.owner.request(member, { method: 'PATCH', body: { role: 'editor' } })).status).toBe(200);
    expect((await start(token)).status).toBe(202);
    expect((await t.owner.request(member, { method: 'DELETE' })).status).toBe(204);
    expect((await start(token)).status).toBe(401);
    expect((await withToken(token, '/api/workspaces/default/members')).status).toBe(401);
    expect((await withToken(token, '/api/v1/sync-token', { method: 'POST' })).status).toBe(401);
  });

  it('lets a signed-in session use the run API in a workspace it names', async () => {
    const named = await t.editor.request(`/api/v1/workflows/${WF}/runs?workspaceId=default`, {
      body: { inputs: { topic: 'x' } },
    });
    expect(named.status).toBe(202);
    const unnamed = await t.editor.request(`/api/v1/workflows/${WF}/runs`, {
      body: { inputs: { topic: 'x' } },
    });
    expect(unnamed.status).toBe(400);
    const viewer = await t.viewer.request(`/api/v1/workflows/${WF}/runs?workspaceId=default`, {
      body: { inputs: { topic: 'x' } },
    });
    expect(viewer.status).toBe(403);
  });

  it('waits no longer than asked: a run that does not finish in time is a 202 with its id', async () => {
    const { token } = await createToken(t.owner, 'run');
    const response = await withToken(token, `/api/v1/workflows/${WF}/runs?wait=20ms`, {
      body: { inputs: { topic: 'x' } },
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'queued', outputs: null });
    expect([parseWait('30s'), parseWait('1500ms'), parseWait('7'), parseWait('9999')]).toEqual([
      30_000, 1500, 7000, 300_000,
    ]);
  });

  it('issues script sync tokens with the access of the API token', async () => {
    const runner = await createToken(t.owner, 'run');
    const reader = await createToken(t.owner, 'read');
    const write = await withToken(runner.token, '/api/v1/sync-token', { method: 'POST' });
    expect(write.status).toBe(200);
    expect(await write.json()).toMatchObject({
      workspaceId: 'default',
      access: 'write',
      token: expect.any(String),
    });
    const read = await withToken(reader.token, '/api/v1/sync-token', { method: 'POST' });
    expect(await read.json()).toMatchObject({ access: 'read' });
    expect((await t.owner.request('/api/v1/sync-token', { method: 'POST' })).status).toBe(400);
  });

  it('serves an OpenAPI 3.1 document of /api/v1 only, with bearer security', async () => {
    const response = await t.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/runs/{runId}',
      '/api/v1/runs/{runId}/approvals/{nodeKey}',
      '/api/v1/runs/{runId}/cancel',
      '/api/v1/sync-token',
      '/api/v1/workflows/{workflowId}/runs',
    ]);
    expect(Object.keys(doc.paths['/api/v1/workflows/{workflowId}/runs']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '401', '403', '409', '422']),
    );
    expect(doc.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
