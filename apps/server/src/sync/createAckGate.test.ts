import type { Connection } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { createAckGate } from './createAckGate';

function fakeConnection() {
  const sent: string[] = [];
  const connection = {
    send: (m: Uint8Array) => sent.push(new TextDecoder().decode(m)),
  } as unknown as Connection;
  const send = (text: string) => connection.send(new TextEncoder().encode(text));
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

  it('holds every later message, in order, until the commit lands', async () => {
    const { connection, sent, send } = fakeConnection();
    const gate = createAckGate(() => undefined);
    gate.install(connection);
    const commit = deferred();
    gate.hold(connection, commit.promise);
    send('ack');
    send('broadcast');
    await Promise.resolve();
    expect(sent).toEqual([]);
    commit.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['ack', 'broadcast']);
    send('later');
    expect(sent).toEqual(['ack', 'broadcast', 'later']);
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
    expect(sent).toEqual([]);
  });
});
