// The canary: a recognisable fake provider key goes through the whole flow — saved, listed, tested, used by
// real runs (one of them answered with a 401 that echoes the key) — and is then searched for in every API
// response, every log line, every document and every database row. It may only ever appear in requests to
// the base URL it was saved with. (The browser's IndexedDB is searched in e2e/security.test.ts.) A vault
// secret (ADR 0019) is held to the same standard: saved, replaced, listed and read for a run, then searched
// for in the same places.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createSecretsVault } from '@synapse/db';
import { addNode, connect, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { createLogger } from '@synapse/server';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { type FakeLlm, openAIErrorBody, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../support/openDoc';

const CANARY = `sk-canary-${randomUUID().replaceAll('-', '')}`;
const VAULT_CANARY = `ghp_canary_${randomUUID().replaceAll('-', '')}`;
const VAULT_CANARY_2 = `ghp_canary_${randomUUID().replaceAll('-', '')}`;

let stack: Stack;
let fake: FakeLlm;
let decoy: FakeLlm;
let owner: TestUser;
const logLines: string[] = [];
const responses: string[] = [];

async function api(
  path: string,
  init?: { method?: string; body?: unknown },
): Promise<{ status: number; body: any }> {
  const response = await owner.request(path, init);
  const text = await response.text();
  responses.push(`${response.status} ${path}\n${JSON.stringify([...response.headers])}\n${text}`);
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: CANARY, tokenDelayMs: 0 });
  decoy = await startFakeOpenAI({ tokenDelayMs: 0 });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  stack = await startStack({
    devAuth: false,
    server: { logger: createLogger({ level: 'trace', pretty: false, destination }) },
  });
  owner = await stack.users.signUp({ name: 'Canary owner' });
});

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await decoy?.close();
});

describe('a provider key never leaks', () => {
  let keyId = '';

  it('is stored, listed as a hint and tested against its own base URL only', async () => {
    const saved = await api('/api/workspaces/default/keys', {
      body: { provider: 'openai', apiKey: CANARY, baseUrl: fake.baseURL, label: 'Canary' },
    });
    expect(saved.status).toBe(201);
    keyId = saved.body.key.id;
    expect(saved.body.key.hint).toBe(`sk-…${CANARY.slice(-4)}`);
    const listed = await api('/api/workspaces/default/keys');
    expect(listed.body.keys).toHaveLength(1);
    const tested = await api(`/api/workspaces/default/keys/${keyId}/test`, { method: 'POST' });
    expect(tested.body).toMatchObject({ ok: true, status: 200 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
  });

  it('is used by runs, including one whose provider echoes the key in an error', async () => {
    const name = workflowDocName('default', 'canary');
    const editor = openDoc(stack.syncUrl, name, () => owner.syncToken());
    await editor.synced();
    initWorkflowDoc(editor.doc, { name: 'Canary flow' }, USER_ORIGIN);
    const a = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 0, y: 0 },
        data: { label: 'Writer', provider: 'openai', model: 'fake-gpt' },
      },
      USER_ORIGIN,
    );
    const b = addNode(
      editor.doc,
      {
        type: 'agent',
        position: { x: 300, y: 0 },
        data: { label: 'Critic', provider: 'openai', model: 'fake-gpt' },
      },
      USER_ORIGIN,
    );
    connect(editor.doc, { source: a, target: b }, USER_ORIGIN);
    await eventually(() => editor.provider.unsyncedChanges === 0, 'workflow saved');

    async function runToEnd(): Promise<string> {
      const started = await api('/api/workspaces/default/workflows/canary/runs', { body: {} });
      expect(started.status).toBe(202);
      let status = 'queued';
      await eventually(
        async () => {
          status = (await api(`/api/workspaces/default/runs/${started.body.run.id}`)).body.run.status;
          return ['succeeded', 'failed', 'cancelled'].includes(status);
        },
        'the run to finish',
        60_000,
      );
      return status;
    }

    expect(await runToEnd()).toBe('succeeded');
    const completions = fake.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(completions.length).toBeGreaterThanOrEqual(2);
    for (const request of completions) expect(request.headers.authorization).toBe(`Bearer ${CANARY}`);

    // A provider that answers 401 with the key in its message (some do): nothing of it may travel on.
    fake.script({
      kind: 'status',
      status: 401,
      times: Number.POSITIVE_INFINITY,
      body: openAIErrorBody(401, undefined, `Incorrect API key provided: ${CANARY}.`),
    });
    expect(await runToEnd()).toBe('failed');
    fake.reset();
    editor.destroy();
    // Nothing was ever sent anywhere else.
    expect(decoy.requests).toHaveLength(0);
  });

  it('a vault secret is saved, replaced, listed and read for a run without its value leaving', async () => {
    const secrets = '/api/workspaces/default/secrets';
    expect((await api(secrets, { body: { name: 'CANARY_TOKEN', value: VAULT_CANARY } })).status).toBe(201);
    const replaced = await api(`${secrets}/CANARY_TOKEN`, { method: 'PUT', body: { value: VAULT_CANARY_2 } });
    expect(replaced.body.secret.hint).toBe(`…${VAULT_CANARY_2.slice(-4)}`);
    expect((await api(secrets)).body.secrets).toHaveLength(1);
    const vault = createSecretsVault(stack.server.database.sql, stack.server.masterKeys);
    expect((await vault.readSecrets('default', ['CANARY_TOKEN'])).get('CANARY_TOKEN')?.value).toBe(
      VAULT_CANARY_2,
    );
  });

  it('appears in no API response, log line, document or database row', async () => {
    await api(`/api/workspaces/default/audit`);
    await api(`/api/workspaces/default/keys/${keyId}`, { method: 'DELETE' });
    await api('/api/workspaces/default/secrets/CANARY_TOKEN', { method: 'DELETE' });
    await stack.server.persistence.drained();
    const sql = stack.server.database.sql;
    const tables = await sql.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
       where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['provider_keys', 'ydoc_updates', 'audit_events']),
    );
    const canaries = [CANARY, VAULT_CANARY, VAULT_CANARY_2].map((c) => Buffer.from(c, 'utf8'));
    const leaks: string[] = [];
    for (const table of tables) {
      const rows = await sql.query(`select * from "${table.schema}"."${table.name}"`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          const bytes =
            value instanceof Uint8Array
              ? Buffer.from(value)
              : Buffer.from(JSON.stringify(value) ?? '', 'utf8');
          if (canaries.some((canary) => bytes.includes(canary)))
            leaks.push(`${table.schema}.${table.name}.${column}`);
        }
      }
    }
    expect(leaks, 'database columns containing the key').toEqual([]);
    expect(responses.length).toBeGreaterThan(5);
    for (const canary of [CANARY, VAULT_CANARY, VAULT_CANARY_2]) {
      expect(responses.filter((r) => r.includes(canary))).toEqual([]);
      expect(logLines.filter((line) => line.includes(canary))).toEqual([]);
      // The tail is in the hint, which is fine; no longer piece of it is anywhere.
      const piece = canary.slice(3, 20);
      expect([...responses, ...logLines].filter((text) => text.includes(piece))).toEqual([]);
    }
    expect(logLines.length).toBeGreaterThan(10);
  });
});
