import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { SideHandle } from './startSide';

export interface BenchClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Polls a condition (only outside measured phases), failing after a bounded time. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** One HocuspocusProvider on its own WebSocket, resolved once the first sync is complete. */
export async function connectClient(
  side: Pick<SideHandle, 'syncUrl' | 'token'>,
  docName: string,
  timeoutMs = 60_000,
): Promise<BenchClient> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: side.syncUrl,
    name: docName,
    document: doc,
    token: side.token,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`client did not sync within ${timeoutMs} ms`)), timeoutMs);
      provider.on('synced', () => resolve());
      provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
        reject(new Error(`authentication failed: ${reason}`)),
      );
    });
  } catch (error) {
    provider.destroy();
    doc.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { doc, provider };
}

export function destroyClient(client: BenchClient): void {
  client.provider.destroy();
  client.doc.destroy();
}
