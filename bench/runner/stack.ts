import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { type DocumentStore, RUN_QUEUE } from '@synapse/db';
import type { ChatModelProvider } from '@synapse/providers';
import { startRunner } from '@synapse/runner';
import { signSyncToken } from '@synapse/schema';
import { openConfiguredDatabase, type ServerConfig, startServer } from '@synapse/server';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';
import * as Y from 'yjs';

export type DatabaseKind = 'pglite' | 'postgres';

/** Rows the server appended to run documents' update logs (one per Yjs update it received). */
export interface RunLogCounter {
  rows: number;
  bytes: number;
  commits: number;
}

export interface BenchStack {
  database: DatabaseKind;
  url: string;
  syncUrl: string;
  workspaceId: string;
  /** The session cookie of the bench's user (null while the server has no accounts). */
  cookie: string | null;
  runLog: RunLogCounter;
  /** A sync token for the runner-side connections the bench opens itself (service principal). */
  serviceToken(): Promise<string>;
  /**
   * Turns pg-boss's per-queue `notify` for the run queue on (as shipped: LISTEN/NOTIFY wakes the runner's
   * workers on send) or off (pg-boss's default: workers find a job on their next poll).
   */
  setQueueNotify(on: boolean): Promise<void>;
  /** POST with the session (and JSON body); resolves with status and parsed body. */
  post(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export const RUNNER_NODE_CONCURRENCY = 20;

/**
 * The product as `synapse start` / testkit `startStack` compose it — `openConfiguredDatabase`, `startServer`,
 * then `startRunner` on the same database and job queue (apps/cli/src/startEmbedded.ts) — with two bench
 * changes: the runner's model is the bench's stamped-token provider (id `bench`), and a run may execute 20
 * nodes at once (startStack fixes 4), so 20 parallel agents really stream together. The document store is
 * wrapped only to count the rows written to run documents.
 */
export async function startBenchStack(options: {
  postgresUrl?: string;
  provider: ChatModelProvider;
}): Promise<BenchStack> {
  let testDb: TestDatabase | null = null;
  if (options.postgresUrl) testDb = await createTestDatabase(options.postgresUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'synapse-bench-runner-'));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: testDb?.url,
    dataDir,
    secret: 'bench-runner-secret-bench-runner-secret-0123',
    maxMessageBytes: 2 * 1024 * 1024,
    maxDocumentBytes: 16 * 1024 * 1024,
    logLevel: 'silent',
    pretty: false,
  };
  const runLog: RunLogCounter = { rows: 0, bytes: 0, commits: 0 };
  const countRunRows = (store: DocumentStore): DocumentStore => ({
    ...store,
    load: (docName) => store.load(docName),
    stats: (docName) => store.stats(docName),
    compact: (docName, merge, seqs) => store.compact(docName, merge, seqs),
    async appendUpdates(rows) {
      const seqs = await store.appendUpdates(rows);
      const runRows = rows.filter((r) => r.docName.includes('/run/'));
      if (runRows.length > 0) runLog.commits += 1;
      runLog.rows += runRows.length;
      for (const row of runRows) runLog.bytes += row.update.byteLength;
      return seqs;
    },
  });
  const database = await openConfiguredDatabase(config);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let runner: Awaited<ReturnType<typeof startRunner>> | null = null;
  try {
    server = await startServer({ ...config, database, decorateStore: countRunRows });
    runner = await startRunner({
      database,
      queue: server.queue,
      databaseUrl: config.databaseUrl,
      syncUrl: server.syncUrl,
      secret: server.secret,
      port: null,
      host: config.host,
      concurrency: 4,
      nodeConcurrency: RUNNER_NODE_CONCURRENCY,
      localModelTokenDelayMs: 0,
      providers: [options.provider],
      logLevel: config.logLevel,
      pretty: false,
      logger: server.logger.child({ name: 'synapse-runner' }),
    });
  } catch (error) {
    await runner?.stop();
    await server?.stop();
    await database.close();
    throw error;
  }
  const { url, syncUrl, secret } = server;
  const session = await openSession(url);
  const headers = (json: boolean): Record<string, string> => ({
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(session.cookie ? { cookie: session.cookie } : {}),
  });
  return {
    database: options.postgresUrl ? 'postgres' : 'pglite',
    url,
    syncUrl,
    workspaceId: session.workspaceId,
    cookie: session.cookie,
    runLog,
    setQueueNotify: (on) =>
      (server as NonNullable<typeof server>).queue.updateQueue(RUN_QUEUE, { notify: on }),
    serviceToken: () =>
      signSyncToken(
        { sub: 'runner', kind: 'service', name: 'Synapse runner', exp: Date.now() + 10 * 60_000 },
        secret,
      ),
    async post(path, body) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async stop() {
      await runner?.stop();
      await server?.stop();
      await database.close();
      await testDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in the way a browser does, when the server has accounts (`/api/auth/setup` exists): the first
 * account owns the install's `default` workspace; its session cookie goes on every request. A server
 * without accounts answers 404 there, and everything is anonymous on `default`.
 */
async function openSession(url: string): Promise<{ cookie: string | null; workspaceId: string }> {
  const setup = await fetch(`${url}/api/auth/setup`);
  await setup.body?.cancel();
  if (setup.status === 404) return { cookie: null, workspaceId: 'default' };
  const response = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: 'bench@example.com', password: 'bench-password-0123' }),
  });
  const body = (await response.json()) as { workspaces?: { id: string }[] };
  if (!response.ok) throw new Error(`sign-up: HTTP ${response.status} ${JSON.stringify(body)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('synapse_session='));
  if (!cookie) throw new Error('sign-up set no session cookie');
  return { cookie, workspaceId: body.workspaces?.[0]?.id ?? 'default' };
}

export interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves once every local change was acknowledged by the server. */
  acknowledged(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/**
 * A real HocuspocusProvider on its own WebSocket, with a sync token fetched as the web app fetches one
 * (test/integration/support/connectClient.ts, plus the session cookie). Resolves once synced.
 */
export async function connectClient(stack: BenchStack, name: string, timeoutMs = 30_000): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: stack.syncUrl,
    name,
    document: doc,
    token: async () => {
      const response = await fetch(`${stack.url}/api/sync-token`, {
        method: 'POST',
        headers: stack.cookie ? { cookie: stack.cookie } : {},
      });
      if (!response.ok) throw new Error(`sync token: HTTP ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not sync within ${timeoutMs} ms`)), timeoutMs);
      provider.on('synced', () => resolve());
      provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
        reject(new Error(`authentication failed: ${reason}`)),
      );
    });
  } catch (error) {
    provider.destroy();
    doc.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    doc,
    provider,
    async acknowledged(ackTimeoutMs = 30_000) {
      const deadline = performance.now() + ackTimeoutMs;
      while (!provider.isSynced || provider.unsyncedChanges > 0) {
        if (performance.now() > deadline) throw new Error(`${name} not acknowledged in ${ackTimeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
