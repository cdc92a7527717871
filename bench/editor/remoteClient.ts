import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as Y from 'yjs';

export interface RemoteClient {
  provider: HocuspocusProvider;
  /** Resolves when the server has acknowledged every local change. */
  saved(): Promise<void>;
  close(): void;
}

/** Another person's client, from Node: a Hocuspocus provider on its own socket, as the e2e tests use. */
export async function connectRemote(
  stack: { url: string; syncUrl: string },
  name: string,
  doc: Y.Doc,
): Promise<RemoteClient> {
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: async () => {
      const res = await fetch(`${stack.url}/api/sync-token`, { method: 'POST' });
      return ((await res.json()) as { token: string }).token;
    },
  });
  provider.attach();
  const saved = () =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (provider.isSynced && provider.unsyncedChanges === 0) {
          provider.off('synced', check);
          provider.off('unsyncedChanges', check);
          resolve();
        }
      };
      provider.on('synced', check);
      provider.on('unsyncedChanges', check);
      check();
    });
  await saved();
  return {
    provider,
    saved,
    close() {
      provider.destroy();
      socket.destroy();
    },
  };
}
