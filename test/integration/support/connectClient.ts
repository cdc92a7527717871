import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';

export interface TestClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Resolves once every local change was acknowledged by the server (ack = committed). */
  acknowledged(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export async function fetchSyncToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/sync-token`, { method: 'POST' });
  if (!response.ok) throw new Error(`sync token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A real HocuspocusProvider over a real WebSocket, as any client connects. */
export async function connectClient(baseUrl: string, syncUrl: string, name: string): Promise<TestClient> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: syncUrl,
    name,
    document: doc,
    token: () => fetchSyncToken(baseUrl),
  });
  await new Promise<void>((resolve, reject) => {
    provider.on('synced', () => resolve());
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(reason)));
  });
  return {
    doc,
    provider,
    acknowledged: (timeoutMs) =>
      waitUntil(() => provider.isSynced && provider.unsyncedChanges === 0, `${name} acknowledged`, timeoutMs),
    destroy: () => provider.destroy(),
  };
}
