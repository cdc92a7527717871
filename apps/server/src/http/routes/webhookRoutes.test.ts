import { createHmac } from 'node:crypto';
import { addNode, connect, ErrorCodes, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { createWebhookSender } from '@synapse/testkit/fakes';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER } from '../../auth/Principal';
import { WEBHOOK_BODY_BYTES } from '../../webhooks/createWebhookService';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

// Webhook triggers with app.request(): editors make webhooks, a signing sender (packages/testkit) delivers
// to them. Runs are queued, not run (no runner here): "nothing runs" is checked as no new job and no new
// run row.
const t = useTeamApp();
const WF = 'hook-brief';
const HOOKS = `/api/workspaces/default/workflows/${WF}/webhooks`;

interface Created {
  webhook: { id: string; signature: string; urlHint: string };
  url: string;
  secret: string | null;
}

async function createHook(body: Record<string, unknown>): Promise<Created> {
  const response = await t.editor.request(HOOKS, { body });
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
}

const send = async (url: string, init: RequestInit) => t.app.request(url, init);

async function counts() {
  const [row] = await t.database.sql.query<{ n: number }>('select count(*)::int as n from runs');
  return { jobs: t.jobs.length, runs: row?.n ?? -1 };
}

beforeAll(async () => {
  const connection = await t.sync.openDirectConnection(workflowDocName('default', WF), {
    principal: DEV_USER,
    sessionId: null,
  });
  const doc = connection.document;
  if (!doc) throw new Error('no document');
  initWorkflowDoc(doc, { name: 'Hook brief' }, USER_ORIGIN);
  const input = addNode(
    doc,
    {
      type: 'input',
      position: { x: 0, y: 0 },
      data: {
        label: 'Input',
        variables: [
          { name: 'topic', type: 'string', default: '', required: true },
          { name: 'event', type: 'string', default: 'none', required: false },
        ],
      },
    },
    USER_ORIGIN,
  );
  const output = addNode(
    doc,
    { type: 'output', position: { x: 300, y: 0 }, data: { label: 'Result' } },
    USER_ORIGIN,
  );
  connect(doc, { source: input, target: output }, USER_ORIGIN);
  await connection.disconnect();
  const saved = await t.owner.request(`/api/workspaces/default/workflows/${WF}/versions`, {
    body: { name: 'Release 1' },
  });
  const { version } = (await saved.json()) as { version: { id: string } };
  const published = await t.owner.request(
    `/api/workspaces/default/workflows/${WF}/versions/${version.id}/publish`,
    { method: 'POST' },
  );
  expect(published.status).toBe(200);
});

describe('webhook routes', () => {
  const githubInputs = { topic: '{{body.issue.title}}', event: '{{headers.x-github-event}}' };

  it('a signed GitHub delivery starts a run of the published version with inputs mapped from the request', async () => {
    const hook = await createHook({ name: 'Issues', inputs: githubInputs, signature: 'github' });
    expect(hook.url).toMatch(/^\/api\/hooks\/[A-Za-z0-9_-]{43}$/);
    expect(hook.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sender = createWebhookSender({ url: hook.url, secret: hook.secret ?? '', send });
    const before = await counts();
    const response = await sender.deliver({ action: 'opened', issue: { title: 'Tides are late' } });
    expect(response.status).toBe(202);
    const run = (await response.json()) as {
      runId: string;
      inputs: unknown;
      trigger: string;
      status: string;
    };
    expect(run).toMatchObject({
      status: 'queued',
      inputs: { topic: 'Tides are late', event: 'issues' },
      trigger: `webhook:${hook.webhook.id}`,
    });
    expect(await counts()).toEqual({ jobs: before.jobs + 1, runs: before.runs + 1 });
    // The run view says which trigger started it, and which version ran.
    const view = await t.viewer.request(`/api/workspaces/default/runs/${run.runId}`);
    expect(await view.json()).toMatchObject({
      run: { trigger: `webhook:${hook.webhook.id}`, versionSource: 'published' },
    });
    // The audit log records the run as started by the webhook, acting as its creator.
    const audit = await t.owner.request('/api/workspaces/default/audit?kind=run.started');
    const { events } = (await audit.json()) as {
      events: { target: string; actor: { id: string | null }; details: { trigger?: string } }[];
    };
    expect(events.find((e) => e.target === run.runId)?.details.trigger).toBe(`webhook:${hook.webhook.id}`);
  });

  it('refuses a bad or missing signature, a replayed delivery id and an oversized body, and nothing runs', async () => {
    const hook = await createHook({ name: 'Guarded', inputs: githubInputs, signature: 'github' });
    const sender = createWebhookSender({ url: hook.url, secret: hook.secret ?? '', send });
    const payload = { issue: { title: 'Once' } };
    const first = await sender.deliver(payload, { deliveryId: 'delivery-1' });
    expect(first.status).toBe(202);
    const { runId } = (await first.json()) as { runId: string };
    const before = await counts();

    const forged = await sender.deliver(payload, { signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(await errorCode(forged)).toBe(ErrorCodes.unauthorized);
    const unsigned = await createWebhookSender({ url: hook.url, send }).deliver(payload);
    expect(unsigned.status).toBe(401);

    const replay = await sender.deliver(payload, { deliveryId: 'delivery-1' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('webhook-duplicate')).toBe('true');
    expect(((await replay.json()) as { runId: string }).runId).toBe(runId);

    const huge = await sender.deliver({ issue: { title: 'x'.repeat(WEBHOOK_BODY_BYTES) } });
    expect(huge.status).toBe(413);
    expect(await errorCode(huge)).toBe(ErrorCodes.payloadTooLarge);

    // A required input the request does not carry: the run service refuses it.
    const missing = await sender.deliver({ action: 'closed' });
    expect(missing.status).toBe(422);
    expect(await counts()).toEqual(before);

    const deliveries = await t.viewer.request(`${HOOKS}/${hook.webhook.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    const { deliveries: listed } = (await deliveries.json()) as {
      deliveries: { status: string; httpStatus: number; runId: string | null; deliveryKey: string | null }[];
    };
    expect(listed.map((d) => [d.status, d.httpStatus])).toEqual([
      ['refused', 422],
      ['refused', 413],
      ['duplicate', 200],
      ['refused', 401],
      ['refused', 401],
      ['started', 202],
    ]);
    expect(listed[2]).toMatchObject({ runId, deliveryKey: 'delivery-1' });
  });

  it("accepts GitHub's form-encoded deliveries (JSON in `payload`, signature over the raw body)", async () => {
    const hook = await createHook({ name: 'Form', inputs: githubInputs, signature: 'github' });
    const sender = createWebhookSender({ url: hook.url, secret: hook.secret ?? '', send });
    const payload = { action: 'opened', issue: { title: 'Tides & tables = late' } };
    const json = JSON.stringify(payload);
    const form = new URLSearchParams({ payload: json }).toString();
    const response = await sender.deliver(payload, {
      form: true,
      headers: { 'content-length': String(form.length) },
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      inputs: { topic: 'Tides & tables = late', event: 'issues' },
    });

    const before = await counts();
    // The signature covers the form bytes: one over the bare JSON does not pass.
    const resigned = await send(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-hub-signature-256': `sha256=${createHmac('sha256', hook.secret ?? '')
          .update(json)
          .digest('hex')}`,
      },
      body: form,
    });
    expect(resigned.status).toBe(401);
    const broken = await sender.deliver(null, { form: true, rawBody: 'payload=%7Bnot-json' });
    expect(broken.status).toBe(400);
    // Other types are still refused before the webhook reads anything, and forms only reach webhooks.
    // (app.request sends no Content-Length of its own; a socket's request would carry one.)
    const text = await sender.deliver(null, {
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain', 'content-length': '5' },
    });
    expect(text.status).toBe(415);
    const formToApi = await t.app.request(HOOKS, {
      method: 'POST',
      headers: {
        cookie: t.editor.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': '14',
      },
      body: 'name=Form+hook',
    });
    expect(formToApi.status).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('verifies a generic HMAC header named by the webhook, with inputs from the query and body', async () => {
    const hook = await createHook({
      name: 'Generic',
      inputs: { topic: 'from {{query.source}}: {{body.text}}' },
      signature: 'hmac-sha256',
      signatureHeader: 'X-Acme-Signature',
    });
    const sender = createWebhookSender({
      url: `${hook.url}?source=acme`,
      secret: hook.secret ?? '',
      style: { signatureHeader: 'x-acme-signature' },
      send,
    });
    const response = await sender.deliver({ text: 'hello' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ inputs: { topic: 'from acme: hello' } });
    const wrongHeader = await createWebhookSender({ url: hook.url, secret: hook.secret ?? '', send }).deliver(
      {
        text: 'hello',
      },
    );
    expect(wrongHeader.status).toBe(401);
  });

  it('lets editors create and delete webhooks, members list them without URLs or secrets, and a deleted URL is gone', async () => {
    const refused = await t.viewer.request(HOOKS, { body: { name: 'Nope', signature: 'none' } });
    expect(refused.status).toBe(403);
    const hook = await createHook({ name: 'Open', inputs: { topic: 'fixed' }, signature: 'none' });
    expect(hook.secret).toBeNull();
    const listed = await t.viewer.request(HOOKS);
    const text = await listed.text();
    expect(text).toContain(hook.webhook.id);
    expect(text).not.toContain(hook.url.slice('/api/hooks/'.length));
    const open = await createWebhookSender({ url: hook.url, send }).deliver({});
    expect(open.status).toBe(202);

    const audit = await t.owner.request('/api/workspaces/default/audit?kind=webhook.');
    const { events } = (await audit.json()) as { events: { kind: string; target: string }[] };
    expect(events.some((e) => e.kind === 'webhook.created' && e.target === hook.webhook.id)).toBe(true);

    expect((await t.viewer.request(`${HOOKS}/${hook.webhook.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await t.editor.request(`${HOOKS}/${hook.webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await t.owner.request('/api/workspaces/default/audit?kind=webhook.deleted');
    const deleted = (await after.json()) as { events: { kind: string; target: string }[] };
    expect(deleted.events.map((e) => e.target)).toContain(hook.webhook.id);
    const before = await counts();
    const gone = await createWebhookSender({ url: hook.url, send }).deliver({});
    expect(gone.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("runs at its creator's current role: a demoted or removed creator's webhook starts nothing", async () => {
    const creator = await t.member(t.owner, 'editor');
    const response = await creator.request(HOOKS, {
      body: { name: 'Creator bound', inputs: { topic: 'fixed' }, signature: 'none' },
    });
    const hook = (await response.json()) as Created;
    const sender = createWebhookSender({ url: hook.url, send });
    expect((await sender.deliver({})).status).toBe(202);
    const member = `/api/workspaces/default/members/${creator.id}`;
    expect((await t.owner.request(member, { method: 'PATCH', body: { role: 'viewer' } })).status).toBe(200);
    const before = await counts();
    const demoted = await sender.deliver({});
    expect(demoted.status).toBe(403);
    expect((await t.owner.request(member, { method: 'DELETE' })).status).toBe(204);
    expect((await sender.deliver({})).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
