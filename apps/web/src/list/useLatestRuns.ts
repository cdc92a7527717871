import type { RunRow } from '@synapse/schema/api';
import { useMemo } from 'react';
import { useApiData } from '../account/useApiData';
import { historyApi } from '../history/historyApi';

const NONE = new Map<string, RunRow>();

/**
 * Each workflow's last run, however old, in one request (not one per card). Empty while loading, offline
 * or on error: the cards then simply show no run line.
 */
export function useLatestRuns(workspaceId: string): Map<string, RunRow> {
  const [latest] = useApiData(() => historyApi.latestRuns(workspaceId), [workspaceId]);
  return useMemo(
    () => (latest.state === 'ready' ? new Map(latest.data.runs.map((run) => [run.workflowId, run])) : NONE),
    [latest],
  );
}
