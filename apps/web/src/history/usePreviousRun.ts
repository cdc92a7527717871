import type { RunRow } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { historyApi } from './historyApi';

/** The run of the same workflow started just before this one, for "Compare with previous run". */
export function usePreviousRun(run: RunRow | null): RunRow | null {
  const [previous, setPrevious] = useState<RunRow | null>(null);
  useEffect(() => {
    setPrevious(null);
    if (!run) return;
    let live = true;
    historyApi
      .runs(run.workspaceId, { workflowId: run.workflowId }, `${run.createdAt}:${run.id}`, 1)
      .then((page) => live && setPrevious(page.runs[0] ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [run]);
  return previous;
}
