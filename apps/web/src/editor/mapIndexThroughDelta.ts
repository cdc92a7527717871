import type * as Y from 'yjs';

/** Maps a caret index through a remote Y.Text delta so the caret stays on the same character. */
export function mapIndexThroughDelta(index: number, delta: Y.YTextEvent['delta']): number {
  let cursor = 0;
  let mapped = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (cursor < index) mapped += length;
      cursor += length;
    } else if (op.delete !== undefined) {
      if (cursor < index) mapped -= Math.min(op.delete, index - cursor);
    }
  }
  return Math.max(0, mapped);
}
