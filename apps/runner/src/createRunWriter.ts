import { appendNodeOutput, RUNNER_ORIGIN, resetNodeOutput } from '@synapse/schema';
import type * as Y from 'yjs';

/** How the executor writes a run document: buffered streamed text plus ordered state changes. */
export interface RunWriter {
  doc: Y.Doc;
  /** Buffers streamed text; it reaches the document every `coalesceMs` in one transaction. */
  appendOutput(nodeId: string, text: string): void;
  /** Replaces a node's whole output (restoring a checkpoint). */
  replaceOutput(nodeId: string, text: string): void;
  /** Applies a change after flushing buffered output, so readers see output and status in order. */
  update(change: (doc: Y.Doc) => void): void;
  /** Runs `work`; every change it makes synchronously reaches watchers as one update. */
  batch(work: () => void): void;
  /** Writes buffered text now. */
  flush(): void;
  /** Drops the pending timer (after a final flush). */
  dispose(): void;
}

/**
 * Streamed tokens are coalesced per node into one transaction every `coalesceMs` (default 40 ms):
 * watchers still see text flow, and the document grows by a few updates per second, not one per token.
 */
export function createRunWriter(doc: Y.Doc, options: { coalesceMs?: number } = {}): RunWriter {
  const coalesceMs = options.coalesceMs ?? 40;
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
      if (text.length === 0) return;
      buffers.set(nodeId, (buffers.get(nodeId) ?? '') + text);
      timer ??= setTimeout(flush, coalesceMs);
    },
    replaceOutput(nodeId, text) {
      doc.transact(() => {
        flush();
        resetNodeOutput(doc, nodeId, RUNNER_ORIGIN);
        appendNodeOutput(doc, nodeId, text, RUNNER_ORIGIN);
      }, RUNNER_ORIGIN);
    },
    update(change) {
      doc.transact(() => {
        flush();
        change(doc);
      }, RUNNER_ORIGIN);
    },
    batch(work) {
      doc.transact(work, RUNNER_ORIGIN);
    },
    flush,
    dispose() {
      flush();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
