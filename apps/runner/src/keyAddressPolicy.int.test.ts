import { randomBytes } from 'node:crypto';
import {
  createProviderKeyStore,
  createWorkspacesRepo,
  type Database,
  type ProviderKeyStore,
  parseMasterKeyring,
} from '@synapse/db';
import { readRun } from '@synapse/schema';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunServices } from './createRunServices';
import { agentChain, handleRunJob, openTestDatabase, seedRun } from './test/runFixture';

// A provider key is saved without DNS (the server checks only the URL's form and literal addresses),
// so the address policy must hold where the key is used: a name that resolves to loopback is refused
// by the runner's pinned fetch, and the node fails with the reason.
describe('a stored key whose base URL resolves to a refused address', () => {
  let database: Database;
  let openai: FakeLlm;
  let store: ProviderKeyStore;

  beforeAll(async () => {
    openai = await startFakeOpenAI();
    ({ database } = await openTestDatabase());
    await createWorkspacesRepo(database.sql).ensure({ id: 'ws', name: 'Workspace' });
    store = createProviderKeyStore(database.sql, {
      masterKeys: parseMasterKeyring(`k1:${randomBytes(32).toString('base64')}`),
    });
  });
  afterAll(async () => {
    await database?.close();
    await openai?.close();
  });

  /** Runs one agent on the workspace's stored OpenAI key under `allow`; returns node a's outcome. */
  async function runWithPolicy(runId: string, allow: string[]) {
    const services = createRunServices({
      sql: database.sql,
      providers: [],
      keyStore: store,
      addressPolicy: { allowPrivate: false, allow },
      routerPolicy: { retries: 0 },
      now: Date.now,
    });
    try {
      const graph = agentChain(['a'], { provider: 'openai', model: 'gpt-4o-mini' });
      const { doc } = await seedRun(database, graph, { id: runId });
      await handleRunJob(database, doc, services.servicesFor, { id: runId });
      return readRun(doc)?.nodes.a;
    } finally {
      await services.close();
    }
  }

  it('is refused when a run uses it, and reached once the operator allows loopback', async () => {
    // `localhost` is a name, so saving does not resolve it; it resolves to loopback when used.
    await store.save({
      workspaceId: 'ws',
      provider: 'openai',
      baseUrl: openai.baseURL.replace('127.0.0.1', 'localhost'),
      apiKey: 'sk-stored-0123456789',
      createdBy: 'u',
    });
    const refused = await runWithPolicy('run-refused', []);
    expect(refused?.status).toBe('failed');
    expect(openai.callsFor('gpt-4o-mini')).toHaveLength(0);

    const allowed = await runWithPolicy('run-allowed', ['localhost']);
    expect(allowed?.status, allowed?.error ?? '').toBe('succeeded');
    expect(openai.callsFor('gpt-4o-mini')).toHaveLength(1);
  });
});
