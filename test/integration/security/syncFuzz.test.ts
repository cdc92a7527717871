// Thousands of random and mutated frames and Yjs updates against /sync, from many sockets at once, while a
// well-behaved client keeps editing another document and an observer checks every edit arrives. The
// server must stay up, keep serving, and never persist a refused update.
import { addNode, getNodeText, initWorkflowDoc, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { eventually, openDoc } from '../support/openDoc';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 5000);
const GOOD = workflowDocName('default', 'good');
const TARGET = workflowDocName('default', 'target');

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(doc: string, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  write(e);
  return encoding.toUint8Array(e);
}
const authFrame = (doc: string, token: string) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
  });
const updateFrame = (doc: string, update: Uint8Array, sub = 2) =>
  frame(doc, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, update);
  });

/** Real updates of the kinds the editor produces: the corpus the mutations start from. */
function updateCorpus(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  initWorkflowDoc(doc, { name: 'Fuzz' }, USER_ORIGIN);
  const ids = [0, 1, 2].map((i) =>
    addNode(doc, { type: 'agent', position: { x: i * 100, y: 0 }, data: { label: `N${i}` } }, USER_ORIGIN),
  );
  getNodeText(doc, ids[0] as string, 'systemPrompt')?.insert(0, 'hello world');
  doc.getMap('nodes').delete(ids[1] as string);
  doc.getArray('forbidden').insert(0, [1, 2, 3]);
  updates.push(Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdateV2(doc), Y.encodeStateVector(doc));
  return updates;
}

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = [...bytes];
  const ops = 1 + Math.floor(random() * 3);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(random() * Math.max(out.length, 1));
    switch (Math.floor(random() * 6)) {
      case 0:
        out[at] = Math.floor(random() * 256);
        break;
      case 1:
        out.length = at;
        break;
      case 2:
        out.splice(
          at,
          0,
          ...Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)),
        );
        break;
      case 3:
        out.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
        break;
      case 4:
        out.splice(at, 0, ...out.slice(at, at + 16));
        break;
      default:
        out[at] = 0;
    }
  }
  return new Uint8Array(out);
}

let stack: Stack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startStack({ devAuth: false });
  owner = await stack.users.signUp({ name: 'Fuzz owner' });
});
afterAll(async () => {
  await stack?.stop();
});

describe(`sync fuzz (seed ${SEED}, ${FRAMES} frames)`, () => {
  it('stays up, keeps a good client editing, and persists nothing it refused', async () => {
    const random = prng(SEED);
    const corpus = updateCorpus();
    const token = await owner.syncToken();
    const validFrames = [
      authFrame(TARGET, token),
      frame(TARGET, (e) => encoding.writeVarUint(e, 3)),
      ...corpus.map((u) => updateFrame(TARGET, u)),
      ...corpus.map((u) => updateFrame(TARGET, u, 1)),
    ];

    // The well-behaved pair: a writer and an observer on another document.
    const writer = openDoc(stack.syncUrl, GOOD, () => owner.syncToken());
    const observer = openDoc(stack.syncUrl, GOOD, () => owner.syncToken());
    await Promise.all([writer.synced(), observer.synced()]);
    initWorkflowDoc(writer.doc, { name: 'Good' }, USER_ORIGIN);
    let written = 0;
    let seen = 0;
    observer.doc.getMap('meta').observe(() => {
      seen = Math.max(seen, Number(observer.doc.getMap('meta').get('counter') ?? 0));
    });
    const editing = setInterval(() => {
      written += 1;
      writer.doc.getMap('meta').set('counter', written);
    }, 25);

    // Every bad update must be refused before Yjs applies it: an error inside the apply means part of it may
    // already be in the document.
    const applyErrors: string[] = [];
    const consoleError = console.error;
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (String(args[0]).includes('while handling a Yjs update')) applyErrors.push(String(args[1]));
      else if (!String(args[0]).startsWith('closing connection')) consoleError(...args);
    });
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    const closeCodes = new Map<number, number>();
    async function attacker(): Promise<void> {
      while (sent < FRAMES) {
        const ws = new WebSocket(stack.syncUrl);
        ws.binaryType = 'arraybuffer';
        await new Promise<void>((resolve) => {
          ws.once('open', () => resolve());
          ws.once('error', () => resolve());
        });
        if (ws.readyState !== WebSocket.OPEN) continue;
        const closed = new Promise<void>((resolve) =>
          ws.once('close', (code) => {
            closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
            resolve();
          }),
        );
        ws.send(authFrame(TARGET, token));
        const burst = 1 + Math.floor(random() * 6);
        for (let i = 0; i < burst && sent < FRAMES; i++) {
          const pick = random();
          let bytes: Uint8Array;
          if (pick < 0.2) {
            bytes = new Uint8Array(Math.floor(random() * 300)).map(() => Math.floor(random() * 256));
          } else if (pick < 0.45) {
            bytes = mutate(validFrames[Math.floor(random() * validFrames.length)] as Uint8Array, random);
          } else if (pick < 0.9) {
            // A well-formed envelope around a broken update: this reaches the decoder and the schema check.
            bytes = updateFrame(
              TARGET,
              mutate(corpus[Math.floor(random() * corpus.length)] as Uint8Array, random),
            );
          } else {
            // Garbage addressed at the good document: it must not disturb the good client.
            bytes = frame(GOOD, (e) =>
              encoding.writeUint8Array(e, mutate(new Uint8Array([0, 2, 5, 1, 2, 3]), random)),
            );
          }
          ws.send(bytes);
          sent += 1;
        }
        await Promise.race([closed, new Promise((r) => setTimeout(r, 150))]);
        ws.terminate();
      }
    }
    await Promise.all(Array.from({ length: 12 }, () => attacker()));
    clearInterval(editing);
    spy.mockRestore();
    expect(applyErrors, 'updates that failed half-way through Yjs apply').toEqual([]);

    // The good client's edits kept flowing and all arrived.
    await eventually(() => seen === written, 'the observer to see every edit', 15_000);
    expect(written).toBeGreaterThan(20);
    await eventually(() => writer.provider.unsyncedChanges === 0, 'the writer to be acknowledged');
    // The server still serves HTTP and new sync connections.
    expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
    const late = openDoc(stack.syncUrl, GOOD, () => owner.syncToken());
    await late.synced();
    expect(late.doc.getMap('meta').get('counter')).toBe(written);
    // Nothing the schema forbids was persisted for the attacked document.
    const target = openDoc(stack.syncUrl, TARGET, () => owner.syncToken());
    await target.synced();
    expect([...target.doc.share.keys()].filter((k) => !['meta', 'nodes', 'edges'].includes(k))).toEqual([]);
    expect(target.doc.share.has('forbidden')).toBe(false);

    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(
      JSON.stringify({
        seed: SEED,
        frames: sent,
        edits: written,
        rssGrowthMb: Math.round(rssGrowthMb),
        closeCodes: Object.fromEntries(closeCodes),
      }),
    );
    expect(sent).toBeGreaterThanOrEqual(FRAMES);
    expect(rssGrowthMb).toBeLessThan(400);
    for (const doc of [writer, observer, late, target]) doc.destroy();
  }, 180_000);
});
