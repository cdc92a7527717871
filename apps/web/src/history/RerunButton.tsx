import type { RunRow } from '@synapse/schema/api';
import { useState } from 'react';
import { ApiError } from '../api/ApiError';
import { startRun } from '../api/runsApi';
import { navigate } from '../routing/navigate';
import { runPath } from '../routing/parseRoute';

/**
 * Starts the workflow again with the inputs this run had. It runs the workflow as it is now — the
 * server freezes the current graph — so the comparison with the old run shows what the edits changed.
 */
export function RerunButton({ run }: { run: RunRow }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rerun = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await startRun(run.workspaceId, run.workflowId, run.inputs);
      navigate(runPath(run.workspaceId, started.id));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404
          ? 'The workflow no longer exists, so it cannot run again.'
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  const inputs = Object.keys(run.inputs).length;
  return (
    <span className="rerun">
      <button
        type="button"
        className="button button--primary"
        onClick={rerun}
        disabled={busy}
        title={`Runs the workflow as it is now with the ${inputs} input${inputs === 1 ? '' : 's'} of this run`}
        data-testid="rerun"
      >
        {busy ? 'Starting…' : 'Re-run with same inputs'}
      </button>
      {error && (
        <span className="rerun__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
