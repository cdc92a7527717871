import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretsVault, createWorkspacesRepo, type Database, parseMasterKeyring } from '@synapse/db';
import type { GraphNode, WorkflowGraph } from '@synapse/schema';
import { readRun } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunServices } from './createRunServices';
import type { SecretsVault } from './http/SecretsVault';
import { handleRunJob, openTestDatabase, seedRun } from './test/runFixture';

// A run with three HTTP request nodes sending the same vault secret, through the runner's real run
// services and the database vault (PGlite), to a loopback server: the vault is read once per run.
describe('vault secrets per run', () => {
  let database: Database;
  let services: ReturnType<typeof createRunServices>;
  const reads: { workspaceId: string; names: string[] }[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ database } = await openTestDatabase());
    for (const id of ['ws', 'ws-2']) await createWorkspacesRepo(database.sql).ensure({ id, name: id });
    const vault = createSecretsVault(
      database.sql,
      parseMasterKeyring(`k1:${randomBytes(32).toString('base64')}`),
    );
    await vault.put({ workspaceId: 'ws', name: 'TOKEN', value: 'token-of-ws', actorId: 'u' });
    await vault.put({ workspaceId: 'ws-2', name: 'TOKEN', value: 'token-of-ws-2', actorId: 'u' });
    const counted: SecretsVault = {
      readSecrets: (workspaceId, names) => {
        reads.push({ workspaceId, names: [...names] });
        return vault.readSecrets(workspaceId, names);
      },
    };
    services = createRunServices({
      sql: database.sql,
      providers: [],
      keyStore: null,
      secretsVault: counted,
      addressPolicy: { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] },
      now: Date.now,
    });
  });
  afterAll(async () => {
    await services?.close();
    await database?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function threeCalls(): WorkflowGraph {
    const node = (id: string): GraphNode => ({
      id,
      type: 'http',
      position: { x: 0, y: 0 },
      data: {
        label: id,
        key: id,
        url: `${base}/${id}`,
        headers: [{ name: 'Authorization', value: 'Bearer {{secrets.TOKEN}}' }],
      },
    });
    const edge = (source: string, target: string) => ({
      id: `${source}:out->${target}:in`,
      source,
      target,
      sourceHandle: 'out',
      targetHandle: 'in',
    });
    return {
      name: 'three calls',
      nodes: [node('a'), node('b'), node('c')],
      edges: [edge('a', 'b'), edge('b', 'c')],
    };
  }

  async function runIn(workspaceId: string, runId: string) {
    const { doc } = await seedRun(database, threeCalls(), { id: runId, workspaceId });
    await handleRunJob(database, doc, services.servicesFor, { id: runId, workspaceId });
    return readRun(doc);
  }

  it('reads a secret used by three HTTP nodes once per run, and again for the next run or workspace', async () => {
    const first = await runIn('ws', 'run-secrets-1');
    expect(first?.meta.status).toBe('succeeded');
    expect(authorizations).toEqual(Array(3).fill('Bearer token-of-ws'));
    expect(reads).toEqual([{ workspaceId: 'ws', names: ['TOKEN'] }]);

    await runIn('ws', 'run-secrets-2');
    await runIn('ws-2', 'run-secrets-3');
    expect(reads).toEqual([
      { workspaceId: 'ws', names: ['TOKEN'] },
      { workspaceId: 'ws', names: ['TOKEN'] },
      { workspaceId: 'ws-2', names: ['TOKEN'] },
    ]);
    expect(authorizations.slice(6)).toEqual(Array(3).fill('Bearer token-of-ws-2'));
  });
});
