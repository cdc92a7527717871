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

interface RunResult {
  id: string;
  versionId: string;
  versionSource: string | null;
  versionName: string | null;
  inputs: Record<string, string>;
}

describe('draft and published runs', () => {
  const runs = (workflowId: string) => `/api/workspaces/default/workflows/${workflowId}/runs`;

  it('runs the published version as saved, whatever the draft became since, and records which it ran', async () => {
    const client = await openWorkflow(owner, 'release');
    initWorkflowDoc(client.doc, { name: 'Release' }, USER_ORIGIN);
    const input = addNode(
      client.doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: { label: 'In', variables: [{ name: 'topic', type: 'string', default: 'tides' }] },
      },
      USER_ORIGIN,
    );
    const agent = addNode(client.doc, { type: 'agent', position: { x: 300, y: 0 } }, USER_ORIGIN);
    connect(client.doc, { source: input, target: agent }, USER_ORIGIN);
    await client.saved();

    const none = await owner.request(runs('release'), { body: { version: 'published' } });
    expect(none.status).toBe(409);
    expect((await json<{ error: { code: string; message: string } }>(none)).error).toMatchObject({
      code: 'synapse.run.no_published_version',
      message: expect.stringContaining('no published version'),
    });

    const { version } = await json<{ version: Version }>(
      await owner.request(base('release'), { body: { name: 'Release 1' } }),
    );
    expect((await owner.request(`${base('release')}/${version.id}/publish`, { method: 'POST' })).status).toBe(
      200,
    );

    // The draft moves on: a required input with no default, and a new label.
    setNodeField(
      client.doc,
      input,
      'variables',
      [
        { name: 'topic', type: 'string', default: 'tides' },
        { name: 'tone', type: 'string', default: '', required: true },
      ],
      USER_ORIGIN,
    );
    setNodeField(client.doc, agent, 'label', 'Half-finished', USER_ORIGIN);
    await client.saved();

    const published = await owner.request(runs('release'), { body: { version: 'published' } });
    expect(published.status).toBe(202);
    const { run } = await json<{ run: RunResult }>(published);
    expect(run).toMatchObject({
      versionId: version.id,
      versionSource: 'published',
      versionName: 'Release 1',
      inputs: { topic: 'tides' },
    });
    const ran = await json<{ version: { graph: ReturnType<typeof readWorkflow> } }>(
      await owner.request(`${base('release')}/${run.versionId}`),
    );
    expect(ran.version.graph.nodes.find((n) => n.id === agent)?.data.label).not.toBe('Half-finished');
    // The runner runs the saved graph to the end, however the draft changed meanwhile.
    let status = 'queued';
    while (status === 'queued' || status === 'running') {
      const polled = await owner.request(`/api/workspaces/default/runs/${run.id}`);
      status = (await json<{ run: { status: string } }>(polled)).run.status;
    }
    expect(status).toBe('succeeded');
    const listed = await json<{ runs: RunResult[] }>(await viewer.request(runs('release')));
    expect(listed.runs.find((r) => r.id === run.id)).toMatchObject({ versionSource: 'published' });

    // The draft (the Run button) now needs the new required input, and freezes a version of its own.
    const missing = await owner.request(runs('release'), { body: {} });
    expect(missing.status).toBe(422);
    const refusal = await json<{ error: { code: string; details: { issues: unknown[] } } }>(missing);
    expect(refusal.error.code).toBe('synapse.run.invalid_inputs');
    expect(refusal.error.details.issues).toEqual([
      { name: 'tone', kind: 'missing', message: 'input "tone" is required' },
    ]);
    const draft = await owner.request(runs('release'), { body: { inputs: { tone: 'dry' } } });
    expect(draft.status).toBe(202);
    const draftRun = (await json<{ run: RunResult }>(draft)).run;
    expect(draftRun).toMatchObject({ versionSource: 'draft', versionName: null });
    expect(draftRun.versionId).not.toBe(version.id);

    const pinned = await owner.request(runs('release'), { body: { version: { versionId: version.id } } });
    expect(pinned.status).toBe(202);
    expect((await json<{ run: RunResult }>(pinned)).run).toMatchObject({
      versionId: version.id,
      versionSource: 'version',
    });
    expect((await owner.request(runs('release'), { body: { version: { versionId: 'nope' } } })).status).toBe(
      404,
    );
    client.destroy();
  });

  it('refuses an input no Input node declares with 422 naming it', async () => {
    const client = await openWorkflow(owner, 'typo');
    initWorkflowDoc(client.doc, { name: 'Typo' }, USER_ORIGIN);
    addNode(
      client.doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: { variables: [{ name: 'topic', type: 'string', default: 'tides' }] },
      },
      USER_ORIGIN,
    );
    await client.saved();
    client.destroy();
    const response = await owner.request(runs('typo'), { body: { inputs: { topik: 'moons' } } });
    expect(response.status).toBe(422);
    const { error } = await json<{ error: { code: string; message: string } }>(response);
    expect(error.code).toBe('synapse.run.invalid_inputs');
    expect(error.message).toBe('unknown input "topik"; this workflow takes topic');
  });
});
