// The versions API against the whole stack: real accounts, a real sync client editing the document,
// PGlite. Saving freezes what the server holds; listing shows named and run versions newest first.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  addNode,
  connect,
  initWorkflowDoc,
  readWorkflow,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

let stack: Stack;
let owner: TestUser;
let viewer: TestUser;

interface Client {
  doc: Y.Doc;
  saved(): Promise<void>;
  destroy(): void;
}

async function openWorkflow(user: TestUser, workflowId: string): Promise<Client> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: workflowDocName('default', workflowId),
    document: doc,
    token: () => user.syncToken(),
  });
  provider.attach();
  await new Promise<void>((resolve) => {
    if (provider.isSynced) resolve();
    else provider.on('synced', () => resolve());
  });
  return {
    doc,
    saved: () =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (provider.unsyncedChanges === 0) {
            provider.off('unsyncedChanges', check);
            resolve();
          }
        };
        provider.on('unsyncedChanges', check);
        check();
      }),
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

const base = (workflowId: string) => `/api/workspaces/default/workflows/${workflowId}/versions`;

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

interface Version {
  id: string;
  reason: string;
  name: string | null;
  runId: string | null;
  nodeCount: number;
  createdBy: string;
}

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  owner = await stack.users.signUp({ name: 'Owner' });
  viewer = await stack.users.signUp({
    name: 'Viewer',
    inviteToken: await stack.users.invite(owner, 'default', 'viewer'),
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('versions API', () => {
  it('saves a named version of what the server holds, lists it with run versions, and returns its graph', async () => {
    const client = await openWorkflow(owner, 'versioned');
    initWorkflowDoc(client.doc, { name: 'Versioned' }, USER_ORIGIN);
    const a = addNode(
      client.doc,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } },
      USER_ORIGIN,
    );
    const b = addNode(
      client.doc,
      { type: 'agent', position: { x: 300, y: 0 }, data: { label: 'B' } },
      USER_ORIGIN,
    );
    connect(client.doc, { source: a, target: b }, USER_ORIGIN);
    await client.saved();
    const v1Graph = readWorkflow(client.doc);

    const saved = await owner.request(base('versioned'), { body: { name: '  v1  ' } });
    expect(saved.status).toBe(201);
    const { version: v1 } = await json<{ version: Version }>(saved);
    expect(v1).toMatchObject({
      reason: 'manual',
      name: 'v1',
      runId: null,
      nodeCount: 2,
      createdBy: owner.id,
    });

    // Later edits are not in v1; a run freezes a version of its own.
    setNodeField(client.doc, a, 'label', 'A, edited', USER_ORIGIN);
    await client.saved();
    const run = await owner.request(`/api/workspaces/default/workflows/versioned/runs`, { body: {} });
    expect(run.status).toBe(202);
    const runId = (await json<{ run: { id: string } }>(run)).run.id;
    const v2 = await json<{ version: Version }>(
      await owner.request(base('versioned'), { body: { name: 'v2' } }),
    );

    const listed = await json<{ versions: Version[] }>(await viewer.request(base('versioned')));
    expect(listed.versions.map((v) => [v.reason, v.name, v.runId])).toEqual([
      ['manual', 'v2', null],
      ['run', null, runId],
      ['manual', 'v1', null],
    ]);
    expect(listed.versions[0]!.id).toBe(v2.version.id);

    const one = await viewer.request(`${base('versioned')}/${v1.id}`);
    expect(one.status).toBe(200);
    const { version } = await json<{ version: Version & { graph: ReturnType<typeof readWorkflow> } }>(one);
    expect(version.name).toBe('v1');
    expect(version.graph).toEqual(v1Graph);
    expect(version.graph.nodes.find((n) => n.id === a)?.data.label).toBe('A');
    client.destroy();
  });

  it('refuses viewers, empty names, unknown workflows and versions of another workflow', async () => {
    const client = await openWorkflow(owner, 'guarded');
    initWorkflowDoc(client.doc, { name: 'Guarded' }, USER_ORIGIN);
    addNode(client.doc, { type: 'agent', position: { x: 0, y: 0 } }, USER_ORIGIN);
    await client.saved();
    client.destroy();

    expect((await viewer.request(base('guarded'), { body: { name: 'mine' } })).status).toBe(403);
    expect((await owner.request(base('guarded'), { body: { name: '   ' } })).status).toBe(400);
    expect((await owner.request(base('guarded'), { body: { name: 'x', extra: 1 } })).status).toBe(400);
    const missing = await owner.request(base('nothing-here'), { body: { name: 'v1' } });
    expect(missing.status).toBe(404);
    expect((await json<{ error: { code: string } }>(missing)).error.code).toBe('synapse.not_found');

    const saved = await json<{ version: Version }>(
      await owner.request(base('guarded'), { body: { name: 'g1' } }),
    );
    expect((await owner.request(`${base('guarded')}/no-such-version`)).status).toBe(404);
    expect((await owner.request(`${base('versioned')}/${saved.version.id}`)).status).toBe(404);
    expect((await json<{ versions: Version[] }>(await owner.request(base('nothing-here')))).versions).toEqual(
      [],
    );
  });
});
