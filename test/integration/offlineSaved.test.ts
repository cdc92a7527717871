import { createServer } from 'node:net';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  addNode,
  createSavedTracker,
  initWorkflowDoc,
  readWorkflow,
  removeNode,
  setNodeField,
  USER_ORIGIN,
  type WorkflowGraph,
  workflowDocName,
} from '@synapse/schema';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ChildServer, startChildServer } from './support/childServer';
import { connectClient, fetchSyncToken } from './support/connectClient';
import { databaseBackends } from './support/databaseBackends';

// The issue #12 sequence: a client edits offline, reconnects, shows Saved, the server is SIGKILLed at
// once and restarted — every edit must be there. With the provider's unsyncedChanges counter as
// "Saved" this lost edits in 2–4 of 10 runs; the saved? query (ADR 0017) makes it exact.
const SECRET = 'offline-saved-test-secret-0123456789abcdef';
const DOC = workflowDocName('default', 'offline-saved');
const CYCLES = 20;
const EDITS_PER_CYCLE = 30;
// 21 server starts: a few seconds each on an idle machine, far more on a loaded one.

const backends = databaseBackends('synapse-offline-saved-');

/** A port that was free a moment ago: the client keeps one URL across server restarts, like a browser. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** ~30 edits of every kind a person makes: new nodes, renames, and deletions (which add no clock). */
function editOffline(doc: Y.Doc, cycle: number): void {
  const live = [...doc.getMap('nodes').keys()];
  for (let i = 0; i < EDITS_PER_CYCLE; i++) {
    if (i % 6 === 4 && live.length > 0) {
      removeNode(doc, live.shift() as string, USER_ORIGIN);
    } else if (i % 6 === 5 && live.length > 0) {
      setNodeField(doc, live[live.length - 1] as string, 'label', `renamed ${cycle}.${i}`, USER_ORIGIN);
    } else {
      live.push(
        addNode(
          doc,
          { type: 'agent', position: { x: i, y: cycle }, data: { label: `c${cycle}e${i}` } },
          USER_ORIGIN,
        ),
      );
    }
  }
}

describe.each(backends)('offline edits shown as Saved survive SIGKILL ($name)', (backend) => {
  let server: ChildServer | null = null;
  let cleanupClient: (() => void) | null = null;
  afterEach(async () => {
    cleanupClient?.();
    await server?.kill();
    await backend.cleanup();
  });

  it(`${CYCLES} cycles: edit offline, reconnect, Saved, kill -9, restart — every edit is there`, async () => {
    // Slow appends split the reconnect's burst over several commits, so a Saved shown after the first
    // commit's ack (the counter's mistake) would be caught by the kill.
    const env = {
      ...(await backend.env()),
      SYNAPSE_SECRET: SECRET,
      TEST_APPEND_DELAY_MS: '20',
      PORT: String(await freePort()),
    };
    server = await startChildServer(env);
    const baseUrl = server.url;
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: server.syncUrl });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: DOC,
      document: doc,
      token: () => fetchSyncToken(baseUrl),
    });
    provider.attach();
    const tracker = createSavedTracker(provider);
    cleanupClient = () => {
      tracker.destroy();
      provider.destroy();
      socket.destroy();
    };
    initWorkflowDoc(doc, { name: 'Offline' }, USER_ORIGIN);
    await tracker.whenSaved();
    let expected: WorkflowGraph = readWorkflow(doc);

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await server.kill('SIGKILL');
      // Offline: no reconnect attempts until the test says so, so the check below sees only what the
      // database holds — a resend by this client cannot hide a loss.
      socket.disconnect();
      editOffline(doc, cycle);
      expect(tracker.saved).toBe(false);
      server = await startChildServer(env);
      const check = await connectClient(server.url, server.syncUrl, DOC);
      expect(readWorkflow(check.doc), `cycle ${cycle}: what was Saved before the kill`).toEqual(expected);
      check.destroy();
      void socket.connect();
      await tracker.whenSaved();
      expected = readWorkflow(doc);
      // The moment it shows Saved: kill -9 (next iteration, or below for the last cycle).
    }
    await server.kill('SIGKILL');
    server = await startChildServer(env);
    const check = await connectClient(server.url, server.syncUrl, DOC);
    expect(readWorkflow(check.doc)).toEqual(expected);
    expect(readWorkflow(check.doc).nodes.length).toBe(CYCLES * 15);
    check.destroy();
  }, 600_000);
});
