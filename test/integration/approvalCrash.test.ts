import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgres, type Sql } from '@synapse/db';
import {
  addNode,
  connect,
  initWorkflowDoc,
  readRun,
  runDocName,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRunner, startChildRunner } from './support/childRunner';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, waitUntil } from './support/connectClient';

const SECRET = 'approval-crash-secret-0123456789abcdef';
const postgresUrl = process.env.TEST_DATABASE_URL;

// ADR 0023: a run waiting at a Human approval node holds no runner. The runner that parked it is
// SIGKILLed; a runner started afterwards resumes the run once someone approves, reusing the finished
// node's checkpoint (the fake model is not called for it again). Separate processes need Postgres.
describe.runIf(postgresUrl)(
  'a run waiting for approval survives its runner (needs TEST_DATABASE_URL)',
  () => {
    let db: TestDatabase;
    let sql: Sql;
    let dir: string;
    let server: ChildServer;
    let fake: FakeLlm;
    let env: Record<string, string>;
    const runners: ChildRunner[] = [];

    beforeAll(async () => {
      db = await createTestDatabase(postgresUrl as string);
      dir = await mkdtemp(join(tmpdir(), 'synapse-approval-'));
      fake = await startFakeOpenAI({ tokenDelayMs: 1 });
      server = await startChildServer({ DATABASE_URL: db.url, DATA_DIR: dir, SYNAPSE_SECRET: SECRET });
      env = {
        DATABASE_URL: db.url,
        SYNAPSE_SYNC_URL: server.syncUrl,
        SYNAPSE_SECRET: SECRET,
        FAKE_OPENAI_URL: fake.baseURL,
        SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
      };
      runners.push(await startChildRunner('runner-a', env));
      sql = (await openPostgres({ url: db.url })).sql;
    }, 60_000);
    afterAll(async () => {
      for (const r of runners) await r.kill('SIGKILL');
      await server?.kill('SIGTERM');
      await sql?.close();
      await fake?.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const rowStatus = async (runId: string) =>
      (await sql.query<{ status: string }>('select status from runs where id = $1', [runId]))[0]?.status;
    /** Polls the database (it has no event to wait for), at most ~10 s. */
    async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
      for (let i = 0; i < 200; i++) {
        if (await condition()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it('parks, loses its runner to SIGKILL, and completes on a new runner after the approval', async () => {
      const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'gated'));
      initWorkflowDoc(editor.doc, { name: 'Gated' }, USER_ORIGIN);
      const agent = (n: number, x: number) =>
        addNode(
          editor.doc,
          {
            type: 'agent',
            position: { x, y: 0 },
            data: {
              label: `Step ${n}`,
              provider: 'openai',
              model: 'gpt-4o-mini',
              userPrompt: `step${n} {{input}}`,
            },
          },
          USER_ORIGIN,
        );
      const first = agent(1, 0);
      const gate = addNode(editor.doc, { type: 'approval', position: { x: 200, y: 0 } }, USER_ORIGIN);
      setNodeField(editor.doc, gate, 'key', 'gate', USER_ORIGIN);
      const second = agent(2, 400);
      connect(editor.doc, { source: first, target: gate }, USER_ORIGIN);
      connect(editor.doc, { source: gate, sourceHandle: 'approved', target: second }, USER_ORIGIN);
      await editor.acknowledged();

      const response = await fetch(`${server.url}/api/workspaces/default/workflows/gated/runs`, {
        method: 'POST',
      });
      expect(response.status).toBe(202);
      const runId = ((await response.json()) as { run: { id: string } }).run.id;
      const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', runId));
      await waitUntil(() => readRun(watcher.doc)?.meta.status === 'waiting', 'the run to wait', 30_000);
      const waiting = readRun(watcher.doc)!;
      expect(waiting.nodes[gate]).toMatchObject({
        status: 'waiting',
        approval: { message: expect.any(String) },
      });
      expect(waiting.nodes[second]?.status).toBe('queued');
      // The document says waiting just before the row does (ADR 0023); the job ends once the row does.
      await until(async () => (await rowStatus(runId)) === 'waiting', 'the row to wait');

      // Nobody holds the run: killing the runner that parked it loses nothing.
      await runners[0]?.kill('SIGKILL');
      runners.push(await startChildRunner('runner-b', env));
      const callsBefore = fake.requests.length;

      const decided = await fetch(`${server.url}/api/workspaces/default/runs/${runId}/approvals/gate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve', value: 'EDITED by the approver' }),
      });
      expect(decided.status).toBe(200);
      expect(await decided.json()).toMatchObject({ decision: 'approved', resumed: true });
      const again = await fetch(`${server.url}/api/workspaces/default/runs/${runId}/approvals/gate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'reject' }),
      });
      expect(again.status).toBe(409);

      await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'the run to finish', 60_000);
      const run = readRun(watcher.doc)!;
      expect(run.nodes[gate]).toMatchObject({
        status: 'succeeded',
        branch: 'approved',
        output: 'EDITED by the approver',
        approval: { decision: 'approved', decidedByName: expect.any(String) },
      });
      expect(run.nodes[first]?.restarted).toBeUndefined();
      // Step 1 ran once, before the wait; after the approval only step 2 called the model, with the edit.
      const callsFor = (n: number) => fake.requests.filter((r) => r.prompt?.startsWith(`step${n} `)).length;
      expect([callsFor(1), callsFor(2)]).toEqual([1, 1]);
      expect(fake.requests.length).toBe(callsBefore + 1);
      expect(fake.requests.at(-1)?.prompt).toBe('step2 EDITED by the approver');
      const audit = await sql.query<{ kind: string; details: { decision: string } }>(
        `select kind, details from audit_events where kind = 'approval.decided' and target = $1`,
        [runId],
      );
      expect(audit.map((a) => a.details.decision)).toEqual(['approved']);
      watcher.destroy();
      editor.destroy();
    }, 150_000);
  },
);
