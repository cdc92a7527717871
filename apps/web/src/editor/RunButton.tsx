import { ErrorCodes } from '@synapse/schema';
import { useState } from 'react';
import { ApiError } from '../api/ApiError';
import { startRun } from '../api/runsApi';

export interface RunFailure {
  message: string;
  code: string;
  edges: string[];
}

interface RunButtonProps {
  workspaceId: string;
  workflowId: string;
  /** Why Run is unavailable (cycle, empty, offline…), or null when it can run. */
  blockedReason: string | null;
  /** Resolves when local edits have reached the server, so the run freezes what the user sees. */
  beforeRun: () => Promise<void>;
  onFailure: (failure: RunFailure | null) => void;
}

export function RunButton({ workspaceId, workflowId, blockedReason, beforeRun, onFailure }: RunButtonProps) {
  const [starting, setStarting] = useState(false);

  const run = async () => {
    setStarting(true);
    onFailure(null);
    try {
      await beforeRun();
      await startRun(workspaceId, workflowId);
      // No local bookkeeping: the server sets meta.lastRunId, which every open editor follows.
    } catch (error) {
      if (error instanceof ApiError) {
        const edges = Array.isArray(error.details.edges)
          ? error.details.edges.filter((e): e is string => typeof e === 'string')
          : [];
        onFailure({ message: error.message, code: error.code, edges });
      } else {
        onFailure({ message: String(error), code: ErrorCodes.internal, edges: [] });
      }
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button--primary"
        onClick={run}
        disabled={starting || blockedReason !== null}
        title={blockedReason ?? 'Run this workflow — everyone with it open watches the run live'}
        aria-describedby={blockedReason ? 'run-blocked-reason' : undefined}
        data-testid="run-button"
      >
        <span aria-hidden="true" className="button__icon">
          ▶
        </span>
        {starting ? 'Starting…' : 'Run'}
      </button>
      {blockedReason && (
        <span id="run-blocked-reason" className="visually-hidden">
          {blockedReason}
        </span>
      )}
    </>
  );
}
