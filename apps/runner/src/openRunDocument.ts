import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { createRunWriter, type RunWriter } from './createRunWriter';

export interface RunDocument extends RunWriter {
  /** Resolves once the server acknowledged every change, which means it is committed to Postgres. */
  whenAcknowledged(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenRunDocumentOptions {
  syncUrl: string;
  documentName: string;
  token: () => Promise<string>;
  coalesceMs?: number;
  connectTimeoutMs?: number;
}

/**
 * The runner writes run documents over the sync protocol with a service token — the same path every
 * client uses — so everyone watching sees the same live state, and the server keeps enforcing who may
 * write what.
 */
export async function openRunDocument(options: OpenRunDocumentOptions): Promise<RunDocument> {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: options.syncUrl,
    name: options.documentName,
    document: doc,
    token: options.token,
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `run document ${options.documentName} did not sync within ${options.connectTimeoutMs ?? 15000} ms`,
          ),
        ),
      options.connectTimeoutMs ?? 15_000,
    );
    provider.on('synced', () => {
      clearTimeout(timer);
      resolve();
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      clearTimeout(timer);
      reject(new Error(`runner could not open ${options.documentName}: ${reason}`));
    });
  }).catch((error: unknown) => {
    provider.destroy();
    throw error;
  });

  const writer = createRunWriter(doc, { coalesceMs: options.coalesceMs });
  return {
    ...writer,
    async whenAcknowledged(timeoutMs = 30_000) {
      writer.flush();
      const deadline = Date.now() + timeoutMs;
      while (provider.unsyncedChanges > 0 || !provider.isSynced) {
        if (Date.now() > deadline)
          throw new Error(`run document ${options.documentName} not acknowledged in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      writer.dispose();
      provider.destroy();
      doc.destroy();
    },
  };
}
