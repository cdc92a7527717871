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
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRunner, startChildRunner } from './support/childRunner';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, waitUntil } from './support/connectClient';

const SECRET = 'runner-crash-secret-0123456789abcdefgh';
const postgresUrl = process.env.TEST_DATABASE_URL;

// Two runners share Postgres (PGlite is single-process, so this exists only with a Postgres server).
// One is SIGKILLed mid-node; pg-boss hands the job to the other after the heartbeat lapses, which
// reuses the finished nodes' checkpoints and restarts only the interrupted one.
describe.runIf(postgresUrl)('a runner killed mid-run (needs TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let sql: Sql;
  let dir: string;
  let server: ChildServer;
  let fake: FakeLlm;
  const runners: ChildRunner[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(postgresUrl as string);
    dir = await mkdtemp(join(tmpdir(), 'synapse-crash-'));
    fake = await startFakeOpenAI({ tokenDelayMs: 60 });
    server = await startChildServer({ DATABASE_URL: db.url, DATA_DIR: dir, SYNAPSE_SECRET: SECRET });
    const env = {
      DATABASE_URL: db.url,
      SYNAPSE_SYNC_URL: server.syncUrl,
      SYNAPSE_SECRET: SECRET,
      FAKE_OPENAI_URL: fake.baseURL,
      SYNAPSE_ALLOW_PRIVATE_ADDRESSES: 'true',
    };
    runners.push(await startChildRunner('runner-a', env), await startChildRunner('runner-b', env));
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

  it('completes on the surviving runner without calling a finished node again', async () => {
    const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'crash'));
    initWorkflowDoc(editor.doc, { name: 'Crash' }, USER_ORIGIN);
    const steps = [1, 2, 3].map((n) =>
      addNode(
        editor.doc,
        {
          type: 'agent',
          position: { x: n * 200, y: 0 },
          data: {
            label: `Step ${n}`,
            provider: 'openai',
            model: 'gpt-4o-mini',
            userPrompt: `step${n} {{input}}`,
          },
        },
        USER_ORIGIN,
      ),
    ) as [string, string, string];
    connect(editor.doc, { source: steps[0], target: steps[1] }, USER_ORIGIN);
    connect(editor.doc, { source: steps[1], target: steps[2] }, USER_ORIGIN);
    await editor.acknowledged();

    const response = await fetch(`${server.url}/api/workspaces/default/workflows/crash/runs`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    const runId = ((await response.json()) as { run: { id: string } }).run.id;
    const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', runId));

    // Kill whichever runner holds the run once step 1 is checkpointed and step 2 is streaming.
    await waitUntil(
      () => (readRun(watcher.doc)?.nodes[steps[1]]?.output.length ?? 0) > 0,
      'step 2 streaming',
      30_000,
    );
    const [{ owner }] = (await sql.query<{ owner: string }>(
      'select lease_owner as owner from runs where id = $1',
      [runId],
    )) as [{ owner: string }];
    const victim = runners.find((r) => r.id === owner);
    expect(victim).toBeDefined();
    await victim?.kill('SIGKILL');
    const callsBefore = fake.requests.length;

    await waitUntil(
      () => readRun(watcher.doc)?.meta.status === 'succeeded',
      'the run to finish elsewhere',
      90_000,
    );
    const run = readRun(watcher.doc)!;
    for (const id of steps) expect(run.nodes[id]?.status).toBe('succeeded');
    expect(run.nodes[steps[0]]?.restarted).toBeUndefined();
    expect(run.nodes[steps[1]]?.restarted).toBe(true);

    // The fake's log: step 1 was called once (reused from its checkpoint), step 2 twice (interrupted,
    // restarted), step 3 once.
    const callsFor = (n: number) => fake.requests.filter((r) => r.prompt?.startsWith(`step${n} `)).length;
    expect([callsFor(1), callsFor(2), callsFor(3)]).toEqual([1, 2, 1]);
    expect(fake.requests.length).toBe(callsBefore + 2);
    // The row turns terminal right after the document's final state is durable.
    let row: { status: string; owner: string; token: number } | undefined;
    for (let i = 0; i < 200 && row?.status !== 'succeeded'; i++) {
      [row] = await sql.query<{ status: string; owner: string; token: number }>(
        'select status, lease_owner as owner, fencing_token as token from runs where id = $1',
        [runId],
      );
      if (row?.status !== 'succeeded') await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toMatchObject({ status: 'succeeded', token: 2 });
    expect(row?.owner).not.toBe(owner);
    watcher.destroy();
    editor.destroy();
  }, 150_000);
});
