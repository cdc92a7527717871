import type { RunRow } from '@synapse/schema/api';
import { Link } from '../routing/Link';
import { runPath } from '../routing/parseRoute';
import { formatCost } from '../run/formatRunNumbers';
import { NodeStatusBadge } from '../run/NodeStatusBadge';
import { runVersionLabel } from '../run/runVersionLabel';
import { formatStarted, runDurationLabel } from './formatRunTimes';
import { triggerLabel } from './triggerLabel';

interface RunHistoryTableProps {
  workspaceId: string;
  runs: RunRow[];
  workflowNames: Map<string, string>;
  people: Map<string, string>;
  selected: readonly string[];
  onToggleSelected(runId: string): void;
}

/** One row per run; the start time links to the run, the box picks it for a comparison. */
export function RunHistoryTable(props: RunHistoryTableProps) {
  const { workspaceId, runs, workflowNames, people, selected, onToggleSelected } = props;
  return (
    <div className="history-table__scroll">
      <table className="history-table" data-testid="history-table">
        <thead>
          <tr>
            <th className="history-table__pick">
              <span className="visually-hidden">Compare</span>
            </th>
            <th>Started</th>
            <th>Workflow</th>
            <th>Status</th>
            <th>By</th>
            <th className="history-table__num">Duration</th>
            <th className="history-table__num">Tokens</th>
            <th className="history-table__num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const picked = selected.includes(run.id);
            const name = workflowNames.get(run.workflowId);
            return (
              <tr
                key={run.id}
                className={picked ? 'history-table__row history-table__row--picked' : 'history-table__row'}
                data-testid="history-row"
                data-run-id={run.id}
              >
                <td className="history-table__pick">
                  <input
                    type="checkbox"
                    checked={picked}
                    onChange={() => onToggleSelected(run.id)}
                    aria-label={`Pick run ${run.id.slice(0, 8)} to compare`}
                    data-testid={`history-pick-${run.id}`}
                  />
                </td>
                <td>
                  <Link
                    href={runPath(workspaceId, run.id)}
                    className="history-table__link"
                    title={new Date(run.createdAt).toString()}
                  >
                    {formatStarted(run.createdAt)}
                  </Link>
                </td>
                <td className="history-table__workflow" title={run.workflowId}>
                  {name ?? <span className="muted">deleted workflow</span>}
                  {run.versionSource && run.versionSource !== 'draft' && (
                    <span className="muted" data-testid="history-run-version">
                      {' · '}
                      {runVersionLabel(run, formatStarted)}
                    </span>
                  )}
                </td>
                <td>
                  <NodeStatusBadge status={run.status} />
                </td>
                <td className="history-table__who">
                  {people.get(run.requestedBy) ?? run.requestedBy}
                  {triggerLabel(run.trigger) && (
                    <span className="muted" data-testid="history-run-trigger" title={run.trigger ?? ''}>
                      {' · via '}
                      {triggerLabel(run.trigger)}
                    </span>
                  )}
                </td>
                <td className="history-table__num">{runDurationLabel(run)}</td>
                <td className="history-table__num" title={`${run.inputTokens} in / ${run.outputTokens} out`}>
                  {(run.inputTokens + run.outputTokens).toLocaleString()}
                </td>
                <td className="history-table__num">{run.costUsd === null ? '—' : formatCost(run.costUsd)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
