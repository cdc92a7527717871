import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';

let socket: HocuspocusProviderWebsocket | null = null;

export function syncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}

/** One multiplexed WebSocket per tab; every document provider attaches to it. */
export function syncSocket(): HocuspocusProviderWebsocket {
  if (!socket) socket = new HocuspocusProviderWebsocket({ url: syncUrl() });
  return socket;
}
