// Per-socket limits on /sync: open documents, frame rate and message size each close the socket with a
// 4000+HTTP code and a reason, and nothing else is affected.
import { workflowDocName } from '@synapse/schema';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

let stack: Stack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startStack({
    devAuth: false,
    maxMessageBytes: 64 * 1024,
    server: { syncLimits: { maxOpenDocuments: 3, messageBurst: 50, messagesPerSecond: 10 } },
  });
  owner = await stack.users.signUp({ name: 'Limits owner' });
});
afterAll(async () => {
  await stack?.stop();
});

function auth(doc: string, token: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint(e, 0);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}

function queryAwareness(doc: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeVarUint(e, 3);
  return encoding.toUint8Array(e);
}

async function socket(): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(stack.syncUrl);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, closed };
}

describe('sync socket limits', () => {
  it('closes a socket that opens more documents than allowed (4429)', async () => {
    const token = await owner.syncToken();
    const { ws, closed } = await socket();
    for (let i = 0; i < 5; i++) ws.send(auth(workflowDocName('default', `doc${i}`), token));
    expect(await closed).toEqual({
      code: 4429,
      reason: expect.stringMatching(/^synapse\.sync\.too_many_documents/),
    });
  });

  it('closes a socket that sends faster than the frame rate (4429)', async () => {
    const token = await owner.syncToken();
    const { ws, closed } = await socket();
    const doc = workflowDocName('default', 'busy');
    ws.send(auth(doc, token));
    for (let i = 0; i < 200; i++) ws.send(queryAwareness(doc));
    expect(await closed).toEqual({
      code: 4429,
      reason: expect.stringMatching(/^synapse\.sync\.rate_limited/),
    });
  });

  it('closes a socket that sends a frame over the message cap (4413) or one that does not parse (4400)', async () => {
    const big = await socket();
    big.ws.send(new Uint8Array(65 * 1024));
    expect((await big.closed).code).toBe(4413);
    const bad = await socket();
    bad.ws.send(new Uint8Array([0x80]));
    expect(await bad.closed).toEqual({
      code: 4400,
      reason: expect.stringMatching(/^synapse\.sync\.malformed_frame/),
    });
    expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
  });
});
