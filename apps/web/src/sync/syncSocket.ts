import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { readFrameDocName } from './readFrameDocName';

let socket: HocuspocusProviderWebsocket | null = null;

/** Largest frame each document sent since the socket last closed: who to blame for a 4413. */
const largestFrames = new Map<string, number>();
/** The document that sent the last frame: who to blame when a frame is refused as malformed. */
let lastFrameDoc: string | null = null;
let closes = 0;

export function syncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}

/** One multiplexed WebSocket per tab; every document provider attaches to it. */
export function syncSocket(): HocuspocusProviderWebsocket {
  if (socket) return socket;
  const created = new HocuspocusProviderWebsocket({ url: syncUrl() });
  // Every provider sends through this method (queued frames included), so wrapping it sees each frame
  // with the document it belongs to, without touching the provider's internals.
  const send = created.send.bind(created);
  created.send = (message: unknown) => {
    if (message instanceof Uint8Array) {
      const name = readFrameDocName(message);
      if (name !== null) {
        lastFrameDoc = name;
        if (message.byteLength > (largestFrames.get(name) ?? 0)) largestFrames.set(name, message.byteLength);
      }
    }
    send(message);
  };
  created.on('close', () => {
    closes += 1;
  });
  socket = created;
  return created;
}

export interface FrameLog {
  largest: Map<string, number>;
  last: string | null;
}

/**
 * What was sent since the previous call (the record then starts over). Called when the socket closes,
 * so a close is judged by what was sent on that connection (and while queued before it).
 */
export function takeFrameLog(): FrameLog {
  const log = { largest: new Map(largestFrames), last: lastFrameDoc };
  largestFrames.clear();
  lastFrameDoc = null;
  return log;
}

/** How many times the socket has closed so far: tells a per-document close from a whole-socket one. */
export function socketCloseCount(): number {
  return closes;
}
