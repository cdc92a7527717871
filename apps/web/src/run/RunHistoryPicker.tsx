import type { RunRow } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { listRuns } from '../api/runsApi';
import { formatRelativeTime } from '../components/formatRelativeTime';

interface RunHistoryPickerProps {
  workspaceId: string;
  workflowId: string;
  latestRunId: string | null;
  /** The latest run's status: when it changes, the listed statuses are stale. */
  latestStatus: string | null;
  /** The run shown, or null to follow the latest. */
  viewedRunId: string | null;
  onView(runId: string | null): void;
}

/** Chooses which run of the workflow the panel shows; by default it follows the newest. */
export function RunHistoryPicker(props: RunHistoryPickerProps) {
  const { workspaceId, workflowId, latestRunId, latestStatus, viewedRunId, onView } = props;
  const [runs, setRuns] = useState<RunRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new latest run, or its new status, means the list changed
  useEffect(() => {
    let cancelled = false;
    listRuns(workspaceId, workflowId).then(
      (list) => {
        if (!cancelled) {
          setRuns(list);
          setError(null);
        }
      },
      (e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [workspaceId, workflowId, latestRunId, latestStatus]);

  if (error) return <p className="run-history__error">Run history unavailable: {error}</p>;
  if (!runs || runs.length < 2) return null;
  return (
    <label className="run-history">
      <span className="run-history__label">Showing</span>
      <select
        className="field__input run-history__select"
        value={viewedRunId ?? ''}
        onChange={(e) => onView(e.target.value || null)}
        data-testid="run-history"
        aria-label="Which run to show"
      >
        <option value="">Latest run</option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id.slice(0, 8)} · {r.status} · {formatRelativeTime(r.createdAt, Date.now())}
          </option>
        ))}
      </select>
    </label>
  );
}
