// Pins what Synapse relies on in the installed @hocuspocus/server, beyond its documented hooks, so an
// upgrade that changes it fails here rather than silently in production:
// - the wire constants in @synapse/schema are Hocuspocus's and y-protocols' own;
// - `beforeHandleMessage` gets the very Uint8Array the route passed to `handleMessage` (parseIncomingFrame
//   finds the socket guard's parse by identity);
// - the SyncStatus ack for an update leaves through `connection.send`, after the document's `update`
//   event — the one patch Synapse makes to Hocuspocus (createAckGate) holds it there until the commit;
// - @hocuspocus/extension-redis frames a Redis message as `[identifier length][identifier][frame]` and
//   hands it to its private `handleIncomingMessage`, which createRedisSync wraps to filter what peers send.
import { EventEmitter } from 'node:events';
import { Redis } from '@hocuspocus/extension-redis';
import { type Connection, Hocuspocus, MessageType as HocuspocusMessageType } from '@hocuspocus/server';
import { MessageType, parseFrame, readFrameHead, SyncStep } from '@synapse/schema';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createAckGate } from './createAckGate';
import { admits } from './createRedisSync';
import { parsedFrameOf, parseIncomingFrame } from './parseIncomingFrame';

const DOC = 'ws/default/workflow/pinned';

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, DOC);
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

const authFrame = () =>
  frame(MessageType.Auth, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, 'token');
  });

function updateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('name', 'pinned');
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.Update);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  });
}

/** The message type of a frame the server sent. */
function typeOf(bytes: Uint8Array): number {
  const d = decoding.createDecoder(bytes);
  decoding.readVarString(d);
  return decoding.readVarUint(d);
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A socket that records what the server sends and resolves waiters when a frame of a type arrives. */
function fakeSocket() {
  const sent: Uint8Array[] = [];
  const waiters: { type: number; resolve: () => void }[] = [];
  return {
    sent,
    readyState: 1,
    send(message: Uint8Array) {
      sent.push(message);
      for (const w of waiters.filter((w) => w.type === typeOf(message))) w.resolve();
    },
    close() {
      this.readyState = 3;
    },
    received(type: number): Promise<void> {
      if (sent.some((m) => typeOf(m) === type)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

describe('the installed Hocuspocus', () => {
  it('uses the wire constants of @synapse/schema', () => {
    expect(MessageType).toEqual({
      Sync: HocuspocusMessageType.Sync,
      Awareness: HocuspocusMessageType.Awareness,
      Auth: HocuspocusMessageType.Auth,
      QueryAwareness: HocuspocusMessageType.QueryAwareness,
      SyncReply: HocuspocusMessageType.SyncReply,
      Stateless: HocuspocusMessageType.Stateless,
      BroadcastStateless: HocuspocusMessageType.BroadcastStateless,
      Close: HocuspocusMessageType.CLOSE,
      SyncStatus: HocuspocusMessageType.SyncStatus,
      Ping: HocuspocusMessageType.Ping,
      Pong: HocuspocusMessageType.Pong,
    });
    expect(SyncStep).toEqual({
      Step1: syncProtocol.messageYjsSyncStep1,
      Step2: syncProtocol.messageYjsSyncStep2,
      Update: syncProtocol.messageYjsUpdate,
    });
  });

  it('hands beforeHandleMessage the frame object the route received, so its parse is found again', async () => {
    const seen = deferred<Uint8Array>();
    const sync = new Hocuspocus({
      quiet: true,
      extensions: [
        {
          async beforeHandleMessage({ update }) {
            if (parseFrame(update).ok && typeOf(update) === MessageType.Sync) seen.resolve(update);
          },
        },
      ],
    });
    const socket = fakeSocket();
    const client = sync.handleConnection(socket, new Request('http://localhost/sync'), {});
    const bytes = updateFrame();
    const parse = parseIncomingFrame(bytes);
    client.handleMessage(authFrame());
    client.handleMessage(bytes);
    const received = await seen.promise;
    expect(received).toBe(bytes);
    expect(parsedFrameOf(received)).toBe(parse);
    client.handleClose();
  });

  it('sends the SyncStatus ack through connection.send after the update event, where the ack gate holds it', async () => {
    const commit = deferred();
    const handled = deferred();
    const gate = createAckGate(() => undefined);
    const sync = new Hocuspocus({
      quiet: true,
      extensions: [
        {
          async beforeHandleMessage({ connection }) {
            gate.install(connection);
          },
          async afterLoadDocument({ document }) {
            document.on('update', (_update: Uint8Array, origin: { connection?: Connection } | null) => {
              if (origin?.connection) gate.hold(origin.connection, commit.promise);
            });
          },
          async afterHandleMessage({ update }) {
            if (typeOf(update) === MessageType.Sync) handled.resolve();
          },
        },
      ],
    });
    const socket = fakeSocket();
    const client = sync.handleConnection(socket, new Request('http://localhost/sync'), {});
    client.handleMessage(authFrame());
    client.handleMessage(updateFrame());
    await handled.promise;
    // The update is applied and Hocuspocus has tried to ack it: the gate still holds the ack.
    expect(sync.documents.get(DOC)?.getMap('meta').get('name')).toBe('pinned');
    expect(socket.sent.filter((m) => typeOf(m) === MessageType.SyncStatus)).toEqual([]);
    commit.resolve();
    await socket.received(MessageType.SyncStatus);
    client.handleClose();
  });
});

describe('the installed @hocuspocus/extension-redis', () => {
  class FakeRedisClient extends EventEmitter {
    subscribe(_key: string, callback?: (error: Error | null) => void) {
      callback?.(null);
      return Promise.resolve();
    }
  }

  function extension(identifier: string) {
    const clients: FakeRedisClient[] = [];
    const redis = new Redis({
      identifier,
      createClient: () => {
        const client = new FakeRedisClient();
        clients.push(client);
        return client as never;
      },
    });
    return { redis: redis as unknown as Record<string, unknown>, sub: clients[1] as FakeRedisClient };
  }

  it('frames messages as [identifier length][identifier][frame] and listens through handleIncomingMessage', () => {
    const { redis, sub } = extension('peer-a');
    const message = (redis.encodeMessage as (m: Uint8Array) => Buffer)(updateFrame());
    expect(message[0]).toBe('peer-a'.length);
    expect(message.subarray(1, 7).toString('utf8')).toBe('peer-a');
    expect(readFrameHead(message.subarray(7))).toEqual({
      docName: DOC,
      type: MessageType.Sync,
      syncStep: SyncStep.Update,
    });
    expect((redis.decodeMessage as (b: Buffer) => [string, Buffer])(message)[0]).toBe('peer-a');
    // createRedisSync replaces this listener with a filtering wrapper around the same private method.
    expect(typeof redis.handleIncomingMessage).toBe('function');
    expect(sub.listeners('messageBuffer')).toEqual([redis.handleIncomingMessage]);
  });

  it('lets peers send updates, awareness and stateless broadcasts, never document state', () => {
    const { redis } = extension('peer-b');
    const wrap = (frame: Uint8Array) => (redis.encodeMessage as (m: Uint8Array) => Buffer)(frame);
    const doc = new Y.Doc();
    doc.getMap('meta').set('name', 'x');
    const step = (sub: number) =>
      frame(MessageType.Sync, (e) => {
        encoding.writeVarUint(e, sub);
        encoding.writeVarUint8Array(
          e,
          sub === SyncStep.Step1 ? Y.encodeStateVector(doc) : Y.encodeStateAsUpdate(doc),
        );
      });
    expect(admits(wrap(step(SyncStep.Update)))).toBe(true);
    expect(admits(wrap(step(SyncStep.Step1)))).toBe(false);
    expect(admits(wrap(step(SyncStep.Step2)))).toBe(false);
    expect(
      admits(wrap(frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, new Uint8Array([0]))))),
    ).toBe(true);
    expect(admits(wrap(frame(MessageType.BroadcastStateless, (e) => encoding.writeVarString(e, '{}'))))).toBe(
      true,
    );
    expect(admits(wrap(new Uint8Array([0xff, 0xff])))).toBe(false);
    expect(admits(new Uint8Array([9, 1, 2]))).toBe(false);
  });
});
