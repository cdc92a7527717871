import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, waitUntil } from './support/connectClient';
import { createRunner } from './support/createRunner';

const SECRET = 'separate-runner-secret-0123456789abcdef';
const postgresUrl = process.env.TEST_DATABASE_URL;

// The production shape: `synapse server` and `synapse runner` as separate processes sharing Postgres.
// PGlite is single-process, so this shape exists only with a Postgres server.
describe.runIf(postgresUrl)(
  'server and runner as separate processes on Postgres (needs TEST_DATABASE_URL)',
  () => {
    let db: TestDatabase;
    let dir: string;
    let server: ChildServer;
    let runner: Awaited<ReturnType<typeof createRunner>>;

    beforeAll(async () => {
      db = await createTestDatabase(postgresUrl as string);
      dir = await mkdtemp(join(tmpdir(), 'synapse-separate-'));
      server = await startChildServer({ DATABASE_URL: db.url, DATA_DIR: dir, SYNAPSE_SECRET: SECRET });
      runner = await createRunner({ databaseUrl: db.url, syncUrl: server.syncUrl, secret: SECRET });
    });
    afterAll(async () => {
      await runner?.stop();
      await server?.kill('SIGTERM');
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs a workflow queued by the server and exposes health and metrics', async () => {
      const editor = await connectClient(server.url, server.syncUrl, workflowDocName('default', 'separate'));
      initWorkflowDoc(editor.doc, { name: 'Separate' }, USER_ORIGIN);
      const a = addNode(editor.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
      const b = addNode(editor.doc, { type: 'agent', position: { x: 200, y: 0 } }, USER_ORIGIN);
      connect(editor.doc, { source: a, target: b }, USER_ORIGIN);
      await editor.acknowledged();

      const response = await fetch(`${server.url}/api/workspaces/default/workflows/separate/runs`, {
        method: 'POST',
      });
      expect(response.status).toBe(202);
      const { run } = (await response.json()) as { run: { id: string } };
      const watcher = await connectClient(server.url, server.syncUrl, runDocName('default', run.id));
      await waitUntil(() => readRun(watcher.doc)?.meta.status === 'succeeded', 'the run to succeed', 30_000);
      expect(readRun(watcher.doc)?.nodes[b]?.output).toContain('Local demo model');

      expect(await fetch(`${runner.url}/health`).then((r) => r.json())).toMatchObject({ status: 'ok' });
      // The runner counts the run once its final state is durable and the row is terminal.
      let metrics = '';
      for (let i = 0; i < 100 && !metrics.includes('status="succeeded"'); i++) {
        metrics = await fetch(`${runner.url}/metrics`).then((r) => r.text());
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(metrics).toMatch(/synapse_runs_total\{status="succeeded"\} 1/);
      watcher.destroy();
      editor.destroy();
    });
  },
);
