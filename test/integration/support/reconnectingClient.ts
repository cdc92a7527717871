import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { fetchSyncToken, type TestClient, waitUntil } from './connectClient';

/**
 * A real HocuspocusProvider that retries quickly (100 ms → 500 ms) instead of the default 1 s → 30 s,
 * for tests that kill and restart its server on the same port many times.
 */
export async function connectReconnecting(
  baseUrl: string,
  syncUrl: string,
  name: string,
): Promise<TestClient> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: syncUrl,
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
    factor: 1.5,
    maxAttempts: 0,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: () => fetchSyncToken(baseUrl),
  });
  provider.attach();
  await new Promise<void>((resolve, reject) => {
    provider.on('synced', () => resolve());
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(reason)));
  });
  return {
    doc,
    provider,
    acknowledged: (timeoutMs) =>
      waitUntil(() => provider.isSynced && provider.unsyncedChanges === 0, `${name} acknowledged`, timeoutMs),
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}
