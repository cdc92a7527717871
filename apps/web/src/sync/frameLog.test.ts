// Pins the installed @hocuspocus/provider behaviour the frame log relies on: every frame a document's
// provider hands to the shared socket — sent at once or queued until the socket connects — is announced
// first through the provider's `outgoingMessage` event, with the same bytes.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MessageType, parseFrame } from '@synapse/schema';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { frameConnectionOpened, logOutgoingFrames, takeFrameLog } from './frameLog';

/** A WebSocket that records the frames it is given and lets the test open it and deliver messages. */
class FakeWebSocket {
  static last: FakeWebSocket | null = null;
  static readonly OPEN = 1;
  readyState = 0;
  binaryType = 'arraybuffer';
  sent: Uint8Array[] = [];
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  addEventListener(name: string, listener: (event: unknown) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  removeEventListener(name: string, listener: (event: unknown) => void) {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((l) => l !== listener),
    );
  }
  send(message: Uint8Array) {
    this.sent.push(message);
  }
  close() {
    this.readyState = 3;
  }
  emit(name: string, event: unknown) {
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }
  open() {
    this.readyState = 1;
    this.emit('open', {});
  }
  /** A server message for `name` (the provider replays its queue on the first one). */
  deliver(name: string) {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, name);
    encoding.writeVarUint(e, MessageType.QueryAwareness);
    this.emit('message', { data: encoding.toUint8Array(e).buffer });
  }
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
/** Every frame announced through `outgoingMessage`, in order, with its provider's document. */
const announcedFrames: { name: string; frame: string }[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  announcedFrames.length = 0;
});

function open(socket: HocuspocusProviderWebsocket, name: string) {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token: 'token' });
  provider.on('outgoingMessage', ({ message }: { message: { toUint8Array(): Uint8Array } }) => {
    announcedFrames.push({ name, frame: hex(message.toUint8Array()) });
  });
  const stop = logOutgoingFrames(provider, name);
  provider.attach();
  cleanups.push(() => {
    stop();
    provider.destroy();
  });
  return { doc, provider };
}

describe('frame log', () => {
  it('sees every frame the socket sends, queued ones included, with the document that sent it', async () => {
    const socket = new HocuspocusProviderWebsocket({
      url: 'ws://localhost/sync',
      WebSocketPolyfill: FakeWebSocket as never,
    });
    cleanups.push(() => socket.destroy());
    socket.on('open', frameConnectionOpened);
    const a = open(socket, 'ws/a/workflow/a');
    const b = open(socket, 'ws/a/workflow/b');
    const ws = await vi.waitFor(() => FakeWebSocket.last ?? Promise.reject(new Error('not connecting yet')));
    // Edits before the socket opens are queued, then replayed once the server first speaks.
    a.doc.getMap('meta').set('name', 'x'.repeat(500));
    ws.open();
    b.doc.getMap('meta').set('name', 'y');
    ws.deliver('ws/a/workflow/a');
    a.doc.getMap('meta').set('more', 'z');

    // Authentication goes out once each provider has its token (asynchronously).
    const kinds = () =>
      ws.sent.map((m) => {
        const p = parseFrame(m);
        return p.ok ? p.frame.kind : 'unparsed';
      });
    await vi.waitFor(() => expect(kinds().filter((k) => k === 'auth')).toHaveLength(2));
    expect(new Set(kinds())).toEqual(new Set(['auth', 'sync-update', 'awareness', 'sync-step1']));
    const announced = announcedFrames.map(({ frame }) => frame);
    for (const frame of ws.sent) expect(announced).toContain(hex(frame));
    // The edit made before the socket opened was queued, and is among them.
    expect(Math.max(...ws.sent.map((m) => m.byteLength))).toBeGreaterThan(500);

    const log = takeFrameLog();
    const lastSent = parseFrame(ws.sent.at(-1) as Uint8Array);
    expect(log.last).toBe(announcedFrames.at(-1)?.name);
    expect(lastSent.ok && lastSent.frame.docName).toBe(log.last);
    const largestOf = (doc: string) =>
      Math.max(...announcedFrames.filter(({ name }) => name === doc).map(({ frame }) => frame.length / 2));
    expect(log.largest).toEqual(
      new Map([
        ['ws/a/workflow/a', largestOf('ws/a/workflow/a')],
        ['ws/a/workflow/b', largestOf('ws/a/workflow/b')],
      ]),
    );
    // The connection had opened, so the next close is judged by what is sent after this one.
    expect(takeFrameLog()).toEqual({ largest: new Map(), last: null });
  });
});
