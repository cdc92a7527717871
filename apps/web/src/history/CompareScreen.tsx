import './history.css';
import { type NodeRunState, type RunSnapshot, runDocName } from '@synapse/schema';
import { type ReactNode, useMemo, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';
import { useDocument } from '../hooks/useDocument';
import { useRunSnapshot } from '../hooks/useRunSnapshot';
import { OutputText } from '../markdown/OutputText';
import { Link } from '../routing/Link';
import { runPath, workspacePagePath } from '../routing/parseRoute';
import { formatCost, formatDuration } from '../run/formatRunNumbers';
import { NodeStatusBadge } from '../run/NodeStatusBadge';
import { compareRunOutputs, type NodeDifference } from './compareRunOutputs';
import { formatStarted } from './formatRunTimes';
import { PageCrumbs } from './PageCrumbs';

const DIFFERENCE_LABEL: Record<NodeDifference, string> = {
  same: 'same',
  different: 'differs',
  'only-a': 'only in A',
  'only-b': 'only in B',
};

function RunSummary({ side, run, workspaceId }: { side: 'A' | 'B'; run: RunSnapshot; workspaceId: string }) {
  const { meta } = run;
  const tokens = meta.totals.inputTokens + meta.totals.outputTokens;
  return (
    <div className="compare-summary" data-testid={`compare-run-${side}`}>
      <span className="compare-summary__side">{side}</span>
      <Link href={runPath(workspaceId, meta.runId)}>
        <code>{meta.runId.slice(0, 8)}</code>
      </Link>
      <NodeStatusBadge status={meta.status} />
      <span className="muted">{formatStarted(meta.createdAt)}</span>
      {meta.startedAt && meta.finishedAt && <span>{formatDuration(meta.finishedAt - meta.startedAt)}</span>}
      <span>{tokens.toLocaleString()} tokens</span>
      {meta.cost !== undefined && <span>{formatCost(meta.cost)}</span>}
    </div>
  );
}

function NodeOutput({ state, testId }: { state: NodeRunState | null; testId: string }) {
  if (!state) return <p className="compare-row__missing">Not in this run.</p>;
  return (
    <>
      <div className="compare-row__status">
        <NodeStatusBadge status={state.status} />
        {state.branch && <span className="muted">branch {state.branch}</span>}
      </div>
      {state.output ? (
        <OutputText text={state.output} testId={testId} className="compare-row__output" />
      ) : (
        <p className="compare-row__missing">{state.error ?? 'No output.'}</p>
      )}
    </>
  );
}

/** Two runs of one workflow, node by node: both outputs side by side and whether they differ. */
export function CompareScreen({
  workspaceId,
  runA,
  runB,
}: {
  workspaceId: string;
  runA: string;
  runB: string;
}) {
  const loadA = useDocument(runDocName(workspaceId, runA), true);
  const loadB = useDocument(runDocName(workspaceId, runB), true);
  const a = useRunSnapshot(loadA.state === 'ready' ? loadA.synced.doc : null);
  const b = useRunSnapshot(loadB.state === 'ready' ? loadB.synced.doc : null);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const rows = useMemo(() => (a && b ? compareRunOutputs(a, b) : []), [a, b]);
  const differing = rows.filter((r) => r.difference !== 'same').length;
  const shown = onlyDifferences ? rows.filter((r) => r.difference !== 'same') : rows;
  const historyHref = workspacePagePath(workspaceId, 'history');

  let body: ReactNode;
  const failed = [loadA, loadB].find((l) => l.state === 'error');
  if (failed?.state === 'error')
    body = (
      <ScreenMessage kind="error" title="Could not open both runs">
        <p>{failed.message}</p>
      </ScreenMessage>
    );
  else if (!a || !b) body = <ScreenMessage kind="loading" title="Opening both runs…" />;
  else
    body = (
      <>
        {a.meta.workflowId !== b.meta.workflowId && (
          <p className="compare-warning">These runs are of different workflows; nodes are matched by id.</p>
        )}
        <div className="compare-head">
          <RunSummary side="A" run={a} workspaceId={workspaceId} />
          <RunSummary side="B" run={b} workspaceId={workspaceId} />
        </div>
        <div className="compare-toolbar">
          <strong data-testid="compare-count">
            {differing === 0
              ? 'Every node produced the same result.'
              : `${differing} of ${rows.length} nodes differ.`}
          </strong>
          <label className="compare-toolbar__toggle">
            <input
              type="checkbox"
              checked={onlyDifferences}
              onChange={(e) => setOnlyDifferences(e.target.checked)}
            />
            Only show differences
          </label>
        </div>
        <ol className="compare-rows">
          {shown.map((row) => (
            <li
              key={row.nodeId}
              className={`compare-row compare-row--${row.difference}`}
              data-testid={`compare-node-${row.nodeId}`}
            >
              <div className="compare-row__head">
                <span className="compare-row__label">{row.label}</span>
                <span
                  className={`tag compare-tag compare-tag--${row.difference}`}
                  data-testid={`compare-diff-${row.nodeId}`}
                >
                  {DIFFERENCE_LABEL[row.difference]}
                </span>
              </div>
              <div className="compare-row__sides">
                <div className="compare-row__side">
                  <NodeOutput state={row.a} testId={`a-${row.nodeId}`} />
                </div>
                <div className="compare-row__side">
                  <NodeOutput state={row.b} testId={`b-${row.nodeId}`} />
                </div>
              </div>
            </li>
          ))}
        </ol>
      </>
    );

  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs
          workspaceId={workspaceId}
          trail={[{ label: 'History', href: historyHref }]}
          current="Compare runs"
        />
      </AppHeader>
      <main className="history-page compare-page" data-testid="compare-page">
        <div className="history-page__head">
          <div>
            <h1>Compare runs</h1>
            <p className="muted">Each node's result in run A and run B, matched by node id.</p>
          </div>
        </div>
        {body}
      </main>
    </div>
  );
}
