import type { InputVariable } from '@synapse/schema';
import type { RunRow } from '@synapse/schema/api';
import { useState } from 'react';
import { ApiError } from '../api/ApiError';
import { startRun } from '../api/runsApi';
import { navigate } from '../routing/navigate';
import { runPath } from '../routing/parseRoute';
import { RunInputsForm } from '../run/RunInputsForm';
import { initialRunValues } from '../run/rememberedRunInputs';

/**
 * Starts the workflow again with the inputs this run had: the run form opens filled with them (to run
 * as they were, or change one first). It runs the workflow as it is now — the server freezes the
 * current graph — so the comparison with the old run shows what the edits changed.
 */
export function RerunButton({ run, variables }: { run: RunRow; variables: readonly InputVariable[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const submit = async (values: Record<string, string>) => {
    const started = await startRun(run.workspaceId, run.workflowId, values);
    setFormOpen(false);
    navigate(runPath(run.workspaceId, started.id));
  };
  const rerun = async () => {
    if (variables.length > 0) {
      setFormOpen(true);
      return;
    }
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
      <RunInputsForm
        open={formOpen}
        title="Run again"
        variables={variables}
        initial={initialRunValues(variables, run.inputs)}
        onSubmit={submit}
        onClose={() => setFormOpen(false)}
      />
    </span>
  );
}
