import { HocuspocusProvider } from '@hocuspocus/provider';
import { appendNodeOutput, RUNNER_ORIGIN } from '@synapse/schema';
import * as Y from 'yjs';

export interface RunDocument {
  doc: Y.Doc;
  /** Buffers streamed text; it reaches the document every `coalesceMs` in one transaction. */
  appendOutput(nodeId: string, text: string): void;
  /** Applies a change after flushing buffered output, so readers see output and status in order. */
  update(change: (doc: Y.Doc) => void): void;
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
  const coalesceMs = options.coalesceMs ?? 40;
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

  const buffers = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffers.size === 0) return;
    const pending = [...buffers];
    buffers.clear();
    doc.transact(() => {
      for (const [nodeId, text] of pending) appendNodeOutput(doc, nodeId, text, RUNNER_ORIGIN);
    }, RUNNER_ORIGIN);
  }

  return {
    doc,
    appendOutput(nodeId, text) {
      buffers.set(nodeId, (buffers.get(nodeId) ?? '') + text);
      timer ??= setTimeout(flush, coalesceMs);
    },
    update(change) {
      doc.transact(() => {
        flush();
        change(doc);
      }, RUNNER_ORIGIN);
    },
    async whenAcknowledged(timeoutMs = 30_000) {
      flush();
      const deadline = Date.now() + timeoutMs;
      while (provider.unsyncedChanges > 0 || !provider.isSynced) {
        if (Date.now() > deadline)
          throw new Error(`run document ${options.documentName} not acknowledged in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      flush();
      provider.destroy();
      doc.destroy();
    },
  };
}
