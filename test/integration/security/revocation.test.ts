// Access taken away takes effect on open connections: logout, removal and demotion close them; viewers'
// writes never land; a schema-invalid update is refused whole with a reason; workflow lifecycle is audited.
import { createDocumentStore } from '@synapse/db';
import {
  addNode,
  createWorkflowEntry,
  getNodeText,
  indexDocName,
  initWorkflowDoc,
  USER_ORIGIN,
  updateWorkflowEntry,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, type OpenedDoc, openDoc } from '../support/openDoc';

const backends: [string, string | undefined][] = [['PGlite', undefined]];
if (process.env.TEST_DATABASE_URL) backends.push(['Postgres', process.env.TEST_DATABASE_URL]);

describe.each(backends)('on %s', (_name, postgresUrl) => {
  let stack: Stack;
  let owner: TestUser;
  const opened: OpenedDoc[] = [];

  function open(user: TestUser, name: string): OpenedDoc {
    const doc = openDoc(stack.syncUrl, name, () => user.syncToken());
    opened.push(doc);
    return doc;
  }

  beforeAll(async () => {
    stack = await startStack({ devAuth: false, postgresUrl });
    owner = await stack.users.signUp({ name: 'Owner' });
  });
  afterAll(async () => {
    for (const doc of opened) doc.destroy();
    await stack?.stop();
  });

  async function member(role: 'editor' | 'viewer', name: string): Promise<TestUser> {
    return stack.users.signUp({ name, inviteToken: await stack.users.invite(owner, 'default', role) });
  }

  async function storedMeta(name: string): Promise<Record<string, unknown>> {
    const stored = await createDocumentStore(stack.server.database.sql).load(name);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
    return doc.getMap('meta').toJSON();
  }

  describe('revocation', () => {
    it("logging out closes that session's open connections, and its token cannot reconnect", async () => {
      const user = await member('editor', 'Leaving soon');
      const token = await user.syncToken();
      const client = open(user, workflowDocName('default', 'logout'));
      expect(await client.outcome).toEqual({ kind: 'read-write' });
      expect((await user.request('/api/auth/logout', { method: 'POST' })).status).toBe(204);
      expect(await client.closed).toMatch(/synapse\.sync\.revoked: you signed out/);
      const retry = open(user, workflowDocName('default', 'logout-again'));
      retry.provider.configuration.token = token;
      expect(await retry.outcome).toMatchObject({ kind: 'denied' });
    });

    it('removing a member closes their connections to the workspace at once', async () => {
      const editor = await member('editor', 'Removed');
      const client = open(editor, workflowDocName('default', 'removal'));
      expect(await client.outcome).toEqual({ kind: 'read-write' });
      await client.synced();
      const started = Date.now();
      expect(
        (await owner.request(`/api/workspaces/default/members/${editor.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect(await client.closed).toMatch(/no longer a member/);
      expect(Date.now() - started).toBeLessThan(5000);
      // Edits after removal go nowhere.
      client.doc.getMap('meta').set('after', 'removal');
      await new Promise((r) => setTimeout(r, 200));
      expect((await storedMeta(workflowDocName('default', 'removal'))).after).toBeUndefined();
      expect((await open(editor, workflowDocName('default', 'removal')).outcome).kind).toBe('denied');
    });

    it('demoting an editor to viewer closes their writable connections; they come back read-only', async () => {
      const editor = await member('editor', 'Demoted');
      const name = workflowDocName('default', 'demotion');
      const client = open(editor, name);
      expect(await client.outcome).toEqual({ kind: 'read-write' });
      await owner.request(`/api/workspaces/default/members/${editor.id}`, {
        method: 'PATCH',
        body: { role: 'viewer' },
      });
      expect(await client.closed).toMatch(/changed to viewer/);
      expect(await open(editor, name).outcome).toEqual({ kind: 'readonly' });
    });

    it("a viewer sees edits live, but the viewer's own edits never reach the server or anyone else", async () => {
      const viewer = await member('viewer', 'Watcher');
      const name = workflowDocName('default', 'live');
      const writer = open(owner, name);
      await writer.synced();
      initWorkflowDoc(writer.doc, { name: 'Live' }, USER_ORIGIN);
      const watcher = open(viewer, name);
      expect(await watcher.outcome).toEqual({ kind: 'readonly' });
      await watcher.synced();
      const node = addNode(
        writer.doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Live node' } },
        USER_ORIGIN,
      );
      await eventually(() => watcher.doc.getMap('nodes').has(node), 'the viewer to see the new node');
      watcher.doc.getMap('meta').set('name', 'Hijacked');
      watcher.doc.getMap('nodes').delete(node);
      await new Promise((r) => setTimeout(r, 300));
      expect(writer.doc.getMap('meta').get('name')).toBe('Live');
      expect(writer.doc.getMap('nodes').has(node)).toBe(true);
      await stack.server.persistence.whenDurable(name);
      expect((await storedMeta(name)).name).toBe('Live');
    });
  });

  describe('untrusted updates', () => {
    it('refuses a schema-invalid update whole, tells the client why, and nobody else sees it', async () => {
      const name = workflowDocName('default', 'schema');
      const good = open(owner, name);
      await good.synced();
      initWorkflowDoc(good.doc, { name: 'Schema' }, USER_ORIGIN);
      const node = addNode(
        good.doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } },
        USER_ORIGIN,
      );
      await eventually(() => good.provider.unsyncedChanges === 0, 'setup saved');

      const bad = open(owner, name);
      await bad.synced();
      bad.doc.transact(() => {
        bad.doc.getMap('meta').set('name', 'Renamed by the bad update');
        bad.doc.getArray('evil').insert(0, ['not in the schema']);
      });
      expect(await bad.closed).toMatch(/^synapse\.sync\.invalid_update: unknown root type "evil"/);
      await new Promise((r) => setTimeout(r, 200));
      expect(good.doc.getMap('meta').get('name')).toBe('Schema');
      expect((await storedMeta(name)).name).toBe('Schema');

      // A key pasted into a prompt is refused with a reason that says where keys belong.
      const paster = open(owner, name);
      await paster.synced();
      getNodeText(paster.doc, node, 'systemPrompt')?.insert(0, 'sk-proj-0123456789abcdefghijklmnopqrstuvwx');
      expect(await paster.closed).toMatch(/looks like an API key/);

      // The document keeps working for well-behaved clients.
      good.doc.getMap('meta').set('name', 'Still fine');
      await eventually(
        async () => (await storedMeta(name)).name === 'Still fine',
        'the good edit to be stored',
      );
    });
  });

  describe('audit of documents and runs', () => {
    it('records workflows created and archived through the index, and runs started', async () => {
      const index = open(owner, indexDocName('default'));
      await index.synced();
      createWorkflowEntry(index.doc, 'audited', { name: 'Audited flow', createdAt: Date.now() }, USER_ORIGIN);
      const flow = open(owner, workflowDocName('default', 'audited'));
      await flow.synced();
      initWorkflowDoc(flow.doc, { name: 'Audited flow' }, USER_ORIGIN);
      addNode(flow.doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'A' } }, USER_ORIGIN);
      await eventually(
        () => flow.provider.unsyncedChanges === 0 && index.provider.unsyncedChanges === 0,
        'saved',
      );
      const run = await owner.request('/api/workspaces/default/workflows/audited/runs', { body: {} });
      expect(run.status).toBe(202);
      const runId = ((await run.json()) as { run: { id: string } }).run.id;
      const cancel = await owner.request(`/api/workspaces/default/runs/${runId}/cancel`, { method: 'POST' });
      expect([200, 202, 409]).toContain(cancel.status);
      updateWorkflowEntry(index.doc, 'audited', { archived: true }, USER_ORIGIN);
      await eventually(async () => {
        const events = (await (await owner.request('/api/workspaces/default/audit?kind=workflow.')).json())
          .events;
        return events.length >= 2;
      }, 'workflow audit events');
      const events = (await (await owner.request('/api/workspaces/default/audit')).json()).events as {
        kind: string;
        target: string;
        actorId: string;
        details: Record<string, unknown>;
      }[];
      expect(events.find((e) => e.kind === 'workflow.created')).toMatchObject({
        target: 'audited',
        actorId: owner.id,
        details: { name: 'Audited flow' },
      });
      expect(events.find((e) => e.kind === 'workflow.deleted')).toMatchObject({
        target: 'audited',
        details: { how: 'archived' },
      });
      if (cancel.status !== 409)
        expect(events.find((e) => e.kind === 'run.cancelled')).toMatchObject({
          actorId: owner.id,
          target: runId,
        });
      expect(events.find((e) => e.kind === 'run.started')).toMatchObject({
        actorId: owner.id,
        details: { workflowId: 'audited' },
      });
    });
  });
});
