import { ErrorCodes, type InputVariable } from '@synapse/schema';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/ApiError';
import { startRun } from '../api/runsApi';
import { RunInputsForm } from '../run/RunInputsForm';
import { initialRunValues, readRememberedInputs, rememberInputs } from '../run/rememberedRunInputs';

export interface RunFailure {
  message: string;
  code: string;
  edges: string[];
}

interface RunButtonProps {
  workspaceId: string;
  workflowId: string;
  /** The run inputs the workflow's Input nodes declare: the run form's fields. */
  variables: readonly InputVariable[];
  /** Whose remembered inputs to use (values are kept per person and workflow on this device). */
  userId: string;
  /** Why Run is unavailable (cycle, empty, offline…), or null when it can run. */
  blockedReason: string | null;
  /** Resolves when local edits have reached the server, so the run freezes what the user sees. */
  beforeRun: () => Promise<void>;
  onFailure: (failure: RunFailure | null) => void;
}

function failureOf(error: unknown): RunFailure {
  if (error instanceof ApiError) {
    const edges = Array.isArray(error.details.edges)
      ? error.details.edges.filter((e): e is string => typeof e === 'string')
      : [];
    return { message: error.message, code: error.code, edges };
  }
  return { message: String(error), code: ErrorCodes.internal, edges: [] };
}

/**
 * Run: the button opens the run form when the workflow declares inputs (straight to a run when it
 * declares none); Mod+Enter runs at once with the remembered values, else the defaults. Runs the live
 * draft, as the server has it.
 */
export function RunButton(props: RunButtonProps) {
  const { workspaceId, workflowId, variables, userId, blockedReason, beforeRun, onFailure } = props;
  const [starting, setStarting] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const [initial, setInitial] = useState<Record<string, string>>({});

  const remembered = useCallback(
    () => initialRunValues(variables, readRememberedInputs(userId, workflowId)),
    [variables, userId, workflowId],
  );

  /** Starts the run; input refusals are rethrown for the form to show beside their fields. */
  const start = useCallback(
    async (values: Record<string, string>, fromForm: boolean) => {
      setStarting(true);
      onFailure(null);
      try {
        await beforeRun();
        await startRun(workspaceId, workflowId, values);
        if (variables.length > 0) rememberInputs(userId, workflowId, values);
        setFormOpen(false);
        // No local bookkeeping: the server sets meta.lastRunId, which every open editor follows.
      } catch (error) {
        if (fromForm) throw error;
        if (error instanceof ApiError && error.code === ErrorCodes.runInputs) {
          setInitial(values);
          setFormOpen(true);
        }
        onFailure(failureOf(error));
      } finally {
        setStarting(false);
      }
    },
    [beforeRun, onFailure, userId, variables.length, workspaceId, workflowId],
  );

  const open = () => {
    if (variables.length === 0) {
      void start({}, false);
      return;
    }
    setInitial(remembered());
    setFormOpen(true);
  };

  const canRun = !starting && blockedReason === null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.metaKey || event.ctrlKey) || event.defaultPrevented) return;
      if (!canRun || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      void start(remembered(), false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canRun, remembered, start]);

  const title = useMemo(
    () =>
      blockedReason ??
      (variables.length > 0
        ? 'Run this workflow with inputs you choose (Ctrl/⌘+Enter: run with the last inputs, or the defaults)'
        : 'Run this workflow — everyone with it open watches the run live (Ctrl/⌘+Enter)'),
    [blockedReason, variables.length],
  );

  return (
    <>
      <button
        type="button"
        className="button button--primary"
        onClick={open}
        disabled={!canRun}
        title={title}
        aria-describedby={blockedReason ? 'run-blocked-reason' : undefined}
        aria-haspopup={variables.length > 0 ? 'dialog' : undefined}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        data-testid="run-button"
      >
        <span aria-hidden="true" className="button__icon">
          ▶
        </span>
        {starting ? 'Starting…' : variables.length > 0 ? 'Run…' : 'Run'}
      </button>
      {blockedReason && (
        <span id="run-blocked-reason" className="visually-hidden">
          {blockedReason}
        </span>
      )}
      <RunInputsForm
        open={formOpen}
        title="Run the draft"
        variables={variables}
        initial={initial}
        onSubmit={(values) => start(values, true)}
        onClose={() => setFormOpen(false)}
      />
    </>
  );
}
