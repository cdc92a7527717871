import type { Connection } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { createAckGate } from './createAckGate';

// Hocuspocus message types (`MessageType`): what each test message is sent as.
const TYPES: Record<string, number> = { broadcast: 0, awareness: 1, saved: 5, close: 7 };

/** Messages in Hocuspocus's outbound layout: varString(document) · varUint(type) · text. */
function fakeConnection() {
  const sent: string[] = [];
  const connection = {
    send: (m: Uint8Array) => sent.push(new TextDecoder().decode(m.subarray(6))),
  } as unknown as Connection;
  const send = (text: string) => {
    const type = TYPES[text.split(' ')[0] as string] ?? 8;
    connection.send(
      new Uint8Array([4, ...new TextEncoder().encode('doc1'), type, ...new TextEncoder().encode(text)]),
    );
  };
  return { connection, sent, send };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ack gate', () => {
  it('sends immediately while nothing is pending', () => {
    const { connection, sent, send } = fakeConnection();
    createAckGate(() => undefined).install(connection);
    send('a');
    expect(sent).toEqual(['a']);
  });

  it('holds acks, stateless replies and close, in order, until the commit lands; sends the rest at once', async () => {
    const { connection, sent, send } = fakeConnection();
    const gate = createAckGate(() => undefined);
    gate.install(connection);
    const commit = deferred();
    gate.hold(connection, commit.promise);
    send('ack 1');
    send('broadcast of another client');
    send('saved reply');
    send('awareness');
    send('ack 2');
    send('close');
    await Promise.resolve();
    expect(sent).toEqual(['broadcast of another client', 'awareness']);
    commit.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([
      'broadcast of another client',
      'awareness',
      'ack 1',
      'saved reply',
      'ack 2',
      'close',
    ]);
    send('ack later');
    expect(sent.at(-1)).toBe('ack later');
  });

  it('holds a message it cannot read', async () => {
    const sent: Uint8Array[] = [];
    const connection = { send: (m: Uint8Array) => sent.push(m) } as unknown as Connection;
    const gate = createAckGate(() => undefined);
    gate.install(connection);
    const commit = deferred();
    gate.hold(connection, commit.promise);
    connection.send(new Uint8Array([0x80]));
    await Promise.resolve();
    expect(sent).toHaveLength(0);
    commit.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(1);
  });

  it('drops held messages and reports when a commit fails', async () => {
    const { connection, sent, send } = fakeConnection();
    const failures: unknown[] = [];
    const gate = createAckGate((_c, error) => failures.push(error));
    gate.install(connection);
    const commit = deferred();
    gate.hold(connection, commit.promise);
    send('ack');
    commit.reject(new Error('disk full'));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([]);
    expect(failures).toHaveLength(1);
    send('after failure');
    send('broadcast after failure');
    expect(sent).toEqual([]);
  });
});
