import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { frameConnectionOpened } from './frameLog';

let socket: HocuspocusProviderWebsocket | null = null;
let closes = 0;

export function syncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}

/** One multiplexed WebSocket per tab; every document provider attaches to it. */
export function syncSocket(): HocuspocusProviderWebsocket {
  if (socket) return socket;
  const created = new HocuspocusProviderWebsocket({ url: syncUrl() });
  created.on('open', frameConnectionOpened);
  created.on('close', () => {
    closes += 1;
  });
  socket = created;
  return created;
}

/** How many times the socket has closed so far: tells a per-document close from a whole-socket one. */
export function socketCloseCount(): number {
  return closes;
}
