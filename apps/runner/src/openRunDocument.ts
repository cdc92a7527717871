import { HocuspocusProvider } from '@hocuspocus/provider';
import { createSavedTracker } from '@synapse/schema';
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
      // Exact after a reconnect too (ADR 0017): the provider's unsynced counter restarts at 1 while a
      // whole offline queue is in flight, so ask the server what it has committed instead.
      const tracker = createSavedTracker(provider);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          tracker.whenSaved(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(new Error(`run document ${options.documentName} not acknowledged in ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
        tracker.destroy();
      }
    },
    async close() {
      writer.dispose();
      provider.destroy();
      doc.destroy();
    },
  };
}
