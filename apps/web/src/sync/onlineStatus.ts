import { WebSocketStatus } from '@hocuspocus/provider';
import { syncSocket } from './syncSocket';

// The browser's own idea of the network. A socket can look open for a while after the network went
// away (until a keep-alive times out), so "Offline" follows navigator.onLine as well as the socket.

export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

let watching = false;

/**
 * Reconnects as soon as the network is back instead of waiting out the provider's backoff (up to
 * 30 s). A socket that stayed "open" through an offline spell may be dead, so it is replaced.
 */
export function reconnectWhenOnline(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  let wentOffline = !isOnline();
  window.addEventListener('offline', () => {
    wentOffline = true;
  });
  window.addEventListener('online', () => {
    const socket = syncSocket();
    if (socket.status === WebSocketStatus.Connected) {
      if (wentOffline) socket.webSocket?.close();
    } else {
      void socket.connect();
    }
    wentOffline = false;
  });
}
