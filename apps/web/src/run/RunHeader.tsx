import type { RunSnapshot } from '@synapse/schema';
import { useState } from 'react';
import { ApiError } from '../api/ApiError';
import { cancelRun } from '../api/runsApi';
import { formatStarted } from '../history/formatRunTimes';
import { useNow } from '../hooks/useNow';
import type { NodeStatusCounts } from './countNodeStatuses';
import { formatCost, formatDuration } from './formatRunNumbers';
import { NodeStatusBadge } from './NodeStatusBadge';
import { RunProgressBar } from './RunProgressBar';
import { runVersionLabel } from './runVersionLabel';
import { summarizeNodeCounts } from './summarizeNodeCounts';

interface RunHeaderProps {
  run: RunSnapshot;
  workspaceId: string;
  nodeCount: number;
  counts: NodeStatusCounts;
  /** Labels of the nodes that failed, in run order. */
  failedLabels: readonly string[];
  readOnly: boolean;
}

/** Status, totals and Cancel for one run; the numbers come from the shared document, so all agree. */
export function RunHeader({ run, workspaceId, nodeCount, counts, failedLabels, readOnly }: RunHeaderProps) {
  const { meta } = run;
  const active = meta.status === 'running' || meta.status === 'queued' || meta.status === 'waiting';
  const now = useNow(active);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const elapsed = meta.startedAt ? (meta.finishedAt ?? now) - meta.startedAt : null;
  const tokens = meta.totals.inputTokens + meta.totals.outputTokens;
  const cancelRequested = meta.cancelRequestedAt !== undefined;
  const inputs = Object.entries(meta.inputs ?? {});
  const summary = summarizeNodeCounts(counts, nodeCount, failedLabels);

  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      await cancelRun(workspaceId, meta.runId);
    } catch (error) {
      setCancelError(error instanceof ApiError ? error.message : String(error));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div className="run-panel__head">
      <header className="panel__header">
        <h2 className="panel__title">
          Run{' '}
          <code className="run-panel__id" title={meta.runId} data-testid="run-id">
            {meta.runId.slice(0, 8)}
          </code>
        </h2>
        <NodeStatusBadge status={meta.status} testId="run-status" />
      </header>
      <RunProgressBar counts={counts} total={nodeCount} />
      <div className="run-panel__summary">
        <p className="run-panel__stats" data-testid="run-stats">
          <span data-testid="run-nodes">
            {summary.succeeded}
            {summary.others.map((text) => ` · ${text}`).join('')}
            {summary.failed && (
              <span className="run-panel__failed" data-testid="run-failed-nodes">
                {' '}
                · {summary.failed}
              </span>
            )}
          </span>
          {elapsed !== null && (
            <span title="Elapsed" data-testid="run-elapsed">
              {formatDuration(elapsed)}
            </span>
          )}
          {tokens > 0 && (
            <span title={`${meta.totals.inputTokens} in / ${meta.totals.outputTokens} out`}>
              {tokens.toLocaleString()} tokens
            </span>
          )}
          {meta.cost !== undefined && <span title="Estimated cost">{formatCost(meta.cost)}</span>}
          <span data-testid="run-version" title={`Version ${meta.versionId}`}>
            {runVersionLabel(meta, formatStarted)}
          </span>
          {inputs.length > 0 && (
            <span title={inputs.map(([k, v]) => `${k} = ${v}`).join('\n')}>
              {inputs.length} {inputs.length === 1 ? 'input' : 'inputs'}
            </span>
          )}
        </p>
        {active && !readOnly && (
          <button
            type="button"
            className="button button--danger run-panel__cancel"
            onClick={cancel}
            disabled={cancelling || cancelRequested}
            data-testid="cancel-run"
          >
            {cancelRequested ? 'Cancelling…' : 'Cancel run'}
          </button>
        )}
      </div>
      {meta.status === 'cancelled' && (
        <p className="run-panel__notice" data-testid="run-notice">
          Cancelled{elapsed !== null ? ` after ${formatDuration(elapsed)}` : ''}. Nodes that had not finished
          were stopped; any text they had written is kept.
        </p>
      )}
      {cancelError && (
        <p className="run-panel__error" role="alert">
          {cancelError}
        </p>
      )}
      {meta.error && <p className="run-panel__error">{meta.error}</p>}
    </div>
  );
}
