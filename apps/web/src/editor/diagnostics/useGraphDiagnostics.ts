import { deriveValidGraph, type WorkflowGraph } from '@synapse/schema';
import { useEffect, useMemo, useState } from 'react';
import { editorWorker } from '../layout/editorWorkerClient';
import { diagnoseGraph, type GraphDiagnostics } from './diagnoseGraph';

/** Above this many nodes validation runs in the worker; below it, synchronously (no flicker). */
export const WORKER_THRESHOLD = 200;
const WORKER_DEBOUNCE_MS = 120;

export interface LiveDiagnostics extends GraphDiagnostics {
  /** The worker has not answered for the current snapshot yet (Run waits for it). */
  pending: boolean;
}

const NO_PROBLEMS = {
  danglingEdges: [],
  cycleEdges: [],
  unknownReferences: [],
  nodeIssues: [],
  unattachedEdges: [],
};

/**
 * Diagnostics of the current snapshot. Small graphs are checked during render. For large ones the
 * valid view (needed to draw) is still derived here — it is linear — while cycle, reference and handle
 * checks run in the worker, debounced, latest snapshot wins; the last answer stays shown meanwhile.
 */
export function useGraphDiagnostics(raw: WorkflowGraph): LiveDiagnostics {
  const large = raw.nodes.length > WORKER_THRESHOLD;
  const sync = useMemo(() => (large ? null : diagnoseGraph(raw)), [raw, large]);
  const derived = useMemo(() => (large ? deriveValidGraph(raw) : null), [raw, large]);
  const [remote, setRemote] = useState<{ for: WorkflowGraph; result: GraphDiagnostics } | null>(null);

  useEffect(() => {
    if (!large) return;
    let current = true;
    const timer = setTimeout(() => {
      editorWorker()
        .diagnose(raw)
        .then((result) => {
          if (current) setRemote({ for: raw, result });
        })
        .catch((error: unknown) => console.error('graph diagnostics failed', error));
    }, WORKER_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [raw, large]);

  // One object per snapshot (and worker answer), so memoised consumers recompute only on change.
  return useMemo(() => {
    if (sync) return { ...sync, pending: false };
    const analysis = remote?.result ?? NO_PROBLEMS;
    return {
      ...analysis,
      graph: derived?.graph ?? raw,
      danglingEdges: derived?.danglingEdges ?? [],
      pending: remote?.for !== raw,
    };
  }, [sync, derived, remote, raw]);
}
