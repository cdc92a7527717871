import {
  appendNodeOutput,
  checkNodeRunPatch,
  type NodeRunPatch,
  type NodeRunWrite,
  RUNNER_ORIGIN,
  resetNodeOutput,
  writeNodeRuns,
} from '@synapse/schema';
import type * as Y from 'yjs';

/** How the executor writes a run document: buffered streamed text plus ordered state changes. */
export interface RunWriter {
  doc: Y.Doc;
  /** Buffers streamed text; it reaches the document every `coalesceMs` in one transaction. */
  appendOutput(nodeId: string, text: string): void;
  /** Replaces a node's whole output (restoring a checkpoint). */
  replaceOutput(nodeId: string, text: string): void;
  /**
   * Changes a node's entry (with `resetOutput`, empties its output first). Checked now, written with
   * every other node change queued in the same event-loop turn as one transaction, before any timer or
   * I/O callback runs: nodes that start or finish together cost watchers one update, not one each.
   * Later patches of the same node merge into the queued one (the last value of a field wins).
   */
  patchNode(nodeId: string, patch: NodeRunPatch, options?: { resetOutput?: boolean }): void;
  /** Applies a change after writing queued text and patches, so readers see everything in order. */
  update(change: (doc: Y.Doc) => void): void;
  /** Runs `work`; every change it makes synchronously reaches watchers as one update. */
  batch(work: () => void): void;
  /** Writes buffered text and queued patches now. */
  flush(): void;
  /** Drops the pending timer (after a final flush). */
  dispose(): void;
}

/**
 * Streamed tokens are coalesced per node into one transaction every `coalesceMs` (default 40 ms):
 * watchers still see text flow, and the document grows by a few updates per second, not one per token.
 * Node patches wait at most until the microtasks of the current turn have run.
 */
export function createRunWriter(doc: Y.Doc, options: { coalesceMs?: number } = {}): RunWriter {
  const coalesceMs = options.coalesceMs ?? 40;
  /** Per node, what is not written yet: buffered text and queued patches. */
  let pending = new Map<string, NodeRunWrite>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queued = false;
  /** What broke a write made from a microtask: thrown to the next caller instead of crashing the process. */
  let broken: { error: unknown } | null = null;

  function write(): void {
    if (broken) {
      const { error } = broken;
      broken = null;
      throw error;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const writes = pending;
    pending = new Map();
    writeNodeRuns(doc, writes, RUNNER_ORIGIN);
  }

  const writeQueued = () => {
    queued = false;
    try {
      write();
    } catch (error) {
      broken ??= { error };
    }
  };

  const entry = (nodeId: string): NodeRunWrite => {
    let current = pending.get(nodeId);
    if (!current) {
      current = {};
      pending.set(nodeId, current);
    }
    return current;
  };

  return {
    doc,
    appendOutput(nodeId, text) {
      if (text.length === 0) return;
      const current = entry(nodeId);
      current.append = (current.append ?? '') + text;
      timer ??= setTimeout(write, coalesceMs);
    },
    replaceOutput(nodeId, text) {
      doc.transact(() => {
        write();
        resetNodeOutput(doc, nodeId, RUNNER_ORIGIN);
        appendNodeOutput(doc, nodeId, text, RUNNER_ORIGIN);
      }, RUNNER_ORIGIN);
    },
    patchNode(nodeId, patch, { resetOutput = false } = {}) {
      checkNodeRunPatch(nodeId, patch);
      const current = entry(nodeId);
      if (resetOutput) {
        // Text buffered before a reset would be deleted by it: dropping it leaves the same document.
        current.resetOutput = true;
        current.append = undefined;
      }
      current.patch = current.patch ? Object.assign(current.patch, patch) : { ...patch };
      if (!queued) {
        queued = true;
        queueMicrotask(writeQueued);
      }
    },
    update(change) {
      doc.transact(() => {
        write();
        change(doc);
      }, RUNNER_ORIGIN);
    },
    batch(work) {
      doc.transact(() => {
        work();
        write();
      }, RUNNER_ORIGIN);
    },
    flush: write,
    dispose() {
      write();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
