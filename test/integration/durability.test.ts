import { createDocumentStore } from '@synapse/db';
import {
  addNode,
  connect,
  getNodeText,
  initWorkflowDoc,
  readWorkflow,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, waitUntil } from './support/connectClient';
import { databaseBackends } from './support/databaseBackends';

const SECRET = 'durability-test-secret-0123456789abcdef';
const DOC = workflowDocName('default', 'durable');

const backends = databaseBackends('synapse-durability-');

describe.each(backends)('acknowledged edits survive SIGKILL ($name)', (backend) => {
  let server: ChildServer | null = null;
  afterEach(async () => {
    await server?.kill();
    await backend.cleanup();
  });

  it('two clients co-edit, converge, and every acknowledged edit is in the database after a kill -9', async () => {
    // Slow storage widens the arrival→commit window, so an ack sent before the commit would be caught.
    const env = { ...(await backend.env()), SYNAPSE_SECRET: SECRET, TEST_APPEND_DELAY_MS: '150' };
    server = await startChildServer(env);
    const a = await connectClient(server.url, server.syncUrl, DOC);
    const b = await connectClient(server.url, server.syncUrl, DOC);

    initWorkflowDoc(a.doc, { name: 'Durable' }, USER_ORIGIN);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        addNode(
          a.doc,
          { type: 'agent', position: { x: i * 10, y: 0 }, data: { label: `A${i}` } },
          USER_ORIGIN,
        ),
      );
    }
    await waitUntil(() => b.doc.getMap('nodes').size === 20, 'B to see A’s nodes');
    // Concurrent edits from both sides: B renames and connects while A types into prompts.
    for (let i = 0; i < 19; i++) {
      connect(b.doc, { source: ids[i] as string, target: ids[i + 1] as string }, USER_ORIGIN);
      setNodeField(b.doc, ids[i] as string, 'label', `B${i}`, USER_ORIGIN);
      getNodeText(a.doc, ids[i] as string, 'systemPrompt')?.insert(0, `typed by A ${i}. `);
    }
    await Promise.all([a.acknowledged(), b.acknowledged()]);
    await waitUntil(
      () => JSON.stringify(readWorkflow(a.doc)) === JSON.stringify(readWorkflow(b.doc)),
      'A and B to converge',
    );
    // One isolated edit with nothing else in flight — how a person usually edits. Its ack must still
    // wait for its own commit (storage is slowed, so an early ack would be caught by the kill below).
    setNodeField(a.doc, ids[19] as string, 'label', 'last word', USER_ORIGIN);
    await a.acknowledged();
    await waitUntil(
      () => JSON.stringify(readWorkflow(a.doc)) === JSON.stringify(readWorkflow(b.doc)),
      'B to see the last edit',
    );
    const expected = readWorkflow(a.doc);
    expect(expected.nodes.map((n) => n.data.label)).toContain('last word');

    // The moment both hold acknowledgements for everything: kill the server with no chance to flush.
    await server.kill('SIGKILL');
    a.destroy();
    b.destroy();
    server = null;

    const database = await backend.open();
    try {
      const stored = await createDocumentStore(database.sql).load(DOC);
      const restored = new Y.Doc();
      if (stored.snapshot) Y.applyUpdateV2(restored, stored.snapshot);
      for (const row of stored.updates) Y.applyUpdate(restored, row.update);
      expect(readWorkflow(restored)).toEqual(expected);
      expect(expected.edges).toHaveLength(19);
      expect(expected.nodes.map((n) => n.data.label)).toContain('B3');
    } finally {
      await database.close();
    }

    // And a restarted server serves exactly that state to a new client.
    server = await startChildServer(env);
    const c = await connectClient(server.url, server.syncUrl, DOC);
    expect(readWorkflow(c.doc)).toEqual(expected);
    c.destroy();
  });
});
