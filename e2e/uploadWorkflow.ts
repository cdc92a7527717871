// Writes a workflow document through the sync protocol from Node, as another client would.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { workflowDocName } from '@synapse/schema';
import type * as Y from 'yjs';

/**
 * Uploads a workflow document through the sync protocol, as another client would, and waits for the ack.
 * `cookie`: whose session asks for the sync token (stacks without dev auth).
 */
export async function uploadWorkflow(
  stack: { url: string; syncUrl: string },
  workflowId: string,
  doc: Y.Doc,
  cookie?: string,
): Promise<void> {
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: workflowDocName('default', workflowId),
    document: doc,
    token: async () => {
      const res = await fetch(`${stack.url}/api/sync-token`, {
        method: 'POST',
        ...(cookie ? { headers: { cookie, origin: stack.url, 'sec-fetch-site': 'same-origin' } } : {}),
      });
      return ((await res.json()) as { token: string }).token;
    },
  });
  provider.attach();
  try {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (provider.isSynced && provider.unsyncedChanges === 0) resolve();
      };
      provider.on('synced', check);
      provider.on('unsyncedChanges', check);
    });
  } finally {
    provider.destroy();
    socket.destroy();
  }
}
