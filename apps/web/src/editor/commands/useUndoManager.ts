import { createUndoManager } from '@synapse/schema';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';

export interface UndoControls {
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  /** Ends the current undo step, so the next change starts a new one (discrete actions call this). */
  startStep(): void;
}

/** This person's undo stack for the workflow: only their own edits, never a collaborator's. */
export function useUndoManager(doc: Y.Doc): UndoControls {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [stacks, setStacks] = useState({ canUndo: false, canRedo: false });

  useEffect(() => {
    const undo = createUndoManager(doc);
    const refresh = () => setStacks({ canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    undo.on('stack-item-added', refresh);
    undo.on('stack-item-popped', refresh);
    undo.on('stack-cleared', refresh);
    setManager(undo);
    return () => {
      undo.destroy();
      setManager(null);
    };
  }, [doc]);

  const undo = useCallback(() => {
    manager?.stopCapturing();
    manager?.undo();
  }, [manager]);
  const redo = useCallback(() => manager?.redo(), [manager]);
  const startStep = useCallback(() => manager?.stopCapturing(), [manager]);

  return useMemo(() => ({ ...stacks, undo, redo, startStep }), [stacks, undo, redo, startStep]);
}
