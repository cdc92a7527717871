import type { RunRow } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { historyApi } from '../history/historyApi';
import { latestRunByWorkflow } from './latestRunByWorkflow';

/** How many of the newest runs the list reads: a workflow last run before them shows no last run. */
export const LATEST_RUNS_PAGE = 200;

/**
 * Each workflow's last run, from one page of the workspace's run history (not one request per card).
 * Empty while loading, offline or on error: the cards then simply show no run line.
 */
export function useLatestRuns(workspaceId: string): Map<string, RunRow> {
  const [latest, setLatest] = useState<Map<string, RunRow>>(() => new Map());
  useEffect(() => {
    let live = true;
    historyApi.runs(workspaceId, {}, undefined, LATEST_RUNS_PAGE).then(
      (page) => live && setLatest(latestRunByWorkflow(page.runs)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);
  return latest;
}
