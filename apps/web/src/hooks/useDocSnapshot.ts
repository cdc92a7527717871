import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/**
 * Re-reads a plain snapshot of a Y.Doc after every transaction that changed it.
 * `sync` recomputes inside the transaction's update event (needed for controlled inputs bound to the
 * doc, whose value must update in the same event); otherwise reads are coalesced per animation frame,
 * which is what streamed run output wants.
 */
export function useDocSnapshot<T>(doc: Y.Doc | null, read: (doc: Y.Doc) => T, sync: boolean): T | null {
  const [snapshot, setSnapshot] = useState<{ doc: Y.Doc; value: T } | null>(() =>
    doc ? { doc, value: read(doc) } : null,
  );

  useEffect(() => {
    if (!doc) {
      setSnapshot(null);
      return;
    }
    setSnapshot({ doc, value: read(doc) });
    let frame: number | null = null;
    const refresh = () => {
      if (sync) {
        setSnapshot({ doc, value: read(doc) });
        return;
      }
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setSnapshot({ doc, value: read(doc) });
      });
    };
    doc.on('update', refresh);
    return () => {
      doc.off('update', refresh);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [doc, read, sync]);

  return snapshot && snapshot.doc === doc ? snapshot.value : null;
}
