import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

export type OpenOutcome = { kind: 'read-write' } | { kind: 'readonly' } | { kind: 'denied'; reason: string };

export interface OpenedDoc {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** How the server answered the authentication. */
  outcome: Promise<OpenOutcome>;
  /** Resolves with the reason when the server closes this document's connection. */
  closed: Promise<string>;
  /** Resolves once the document is synced (only for authenticated connections). */
  synced(): Promise<void>;
  destroy(): void;
}

/** A real provider on its own socket, with a token function, reporting what the server decided. */
export function openDoc(syncUrl: string, name: string, token: () => Promise<string> | string): OpenedDoc {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: syncUrl, maxAttempts: 1 });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
  const outcome = new Promise<OpenOutcome>((resolve) => {
    provider.on('authenticated', ({ scope }: { scope: string }) =>
      resolve(scope === 'readonly' ? { kind: 'readonly' } : { kind: 'read-write' }),
    );
    provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
      resolve({ kind: 'denied', reason }),
    );
    // A socket closed before authentication (a refused frame) is a denial too.
    provider.on('close', ({ event }: { event: { code: number; reason: string } }) =>
      resolve({ kind: 'denied', reason: `closed ${event.code} ${event.reason}` }),
    );
  });
  const closed = new Promise<string>((resolve) => {
    provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      if (event.reason) resolve(event.reason);
    });
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    outcome,
    closed,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.isSynced) resolve();
        else provider.on('synced', () => resolve());
      }),
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
