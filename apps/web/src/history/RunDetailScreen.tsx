import './history.css';
import { declaredRunInputs, type NodeRunStatus, runDocName } from '@synapse/schema';
import { useMemo } from 'react';
import { useApiData } from '../account/useApiData';
import { useWorkspaceRole } from '../account/useWorkspaceRole';
import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';
import { useDocument } from '../hooks/useDocument';
import { useRunSnapshot } from '../hooks/useRunSnapshot';
import { Link } from '../routing/Link';
import { comparePath, editorPath, workspacePagePath } from '../routing/parseRoute';
import { RunOutputPanel } from '../run/RunOutputPanel';
import { runVersionLabel } from '../run/runVersionLabel';
import { GraphPreview } from '../templates/GraphPreview';
import { formatStarted, runDurationLabel } from './formatRunTimes';
import { historyApi } from './historyApi';
import { PageCrumbs } from './PageCrumbs';
import { RerunButton } from './RerunButton';
import { useMemberNames } from './useMemberNames';
import { usePreviousRun } from './usePreviousRun';
import { useWorkflowNames } from './useWorkflowNames';

/**
 * One past (or running) run as it ran: the run document holds the frozen graph and every node's
 * output, so this renders the same whatever happened to the workflow since.
 */
export function RunDetailScreen({ workspaceId, runId }: { workspaceId: string; runId: string }) {
  const [row] = useApiData(() => historyApi.run(workspaceId, runId).then((r) => r.run), [workspaceId, runId]);
  const load = useDocument(runDocName(workspaceId, runId), true);
  const snapshot = useRunSnapshot(load.state === 'ready' ? load.synced.doc : null);
  const role = useWorkspaceRole(workspaceId);
  const { names } = useWorkflowNames(workspaceId);
  const people = useMemberNames(workspaceId);
  const run = row.state === 'ready' ? row.data : null;
  const previous = usePreviousRun(run);
  const statuses = useMemo(() => {
    if (!snapshot) return undefined;
    const out: Record<string, NodeRunStatus> = {};
    for (const [id, node] of Object.entries(snapshot.nodes)) out[id] = node.status;
    return out;
  }, [snapshot]);

  const runInputs = useMemo(() => (snapshot ? declaredRunInputs(snapshot.graph) : []), [snapshot]);

  const historyHref = workspacePagePath(workspaceId, 'history');
  const header = (
    <AppHeader>
      <PageCrumbs
        workspaceId={workspaceId}
        trail={[{ label: 'History', href: historyHref }]}
        current={`Run ${runId.slice(0, 8)}`}
      />
    </AppHeader>
  );

  if (row.state === 'error')
    return (
      <div className="app-shell">
        {header}
        <main className="history-page">
          <ScreenMessage kind="error" title="Could not open this run">
            <p>{row.message}</p>
            <Link href={historyHref}>Back to the history</Link>
          </ScreenMessage>
        </main>
      </div>
    );

  const workflowName = run ? (names.get(run.workflowId) ?? snapshot?.graph.name ?? 'Deleted workflow') : '';
  const inputs = Object.entries(run?.inputs ?? {});
  return (
    <div className="app-shell">
      {header}
      <main className="run-detail" data-testid="run-detail">
        <div className="run-detail__head">
          <div className="run-detail__title">
            <h1 data-testid="run-detail-title">{run ? workflowName : 'Loading run…'}</h1>
            {run && (
              <p className="muted">
                Started {formatStarted(run.createdAt)} by {people.get(run.requestedBy) ?? run.requestedBy} ·{' '}
                {runDurationLabel(run)} · {runVersionLabel(run, formatStarted)}
              </p>
            )}
          </div>
          {run && (
            <div className="run-detail__actions">
              {previous && (
                <Link
                  className="button"
                  href={comparePath(workspaceId, previous.id, run.id)}
                  data-testid="compare-previous"
                >
                  Compare with previous run
                </Link>
              )}
              {names.has(run.workflowId) && (
                <Link className="button" href={editorPath(workspaceId, run.workflowId)}>
                  Open workflow
                </Link>
              )}
              {role && role !== 'viewer' && <RerunButton run={run} variables={runInputs} />}
            </div>
          )}
        </div>
        <section className="panel" aria-label="The graph as it ran">
          <header className="panel__header">
            <h2 className="panel__title">Graph as it ran</h2>
          </header>
          {snapshot ? (
            <div className="run-detail__canvas">
              <GraphPreview
                graph={snapshot.graph}
                statuses={statuses}
                title={`${snapshot.graph.name}: the frozen graph of this run`}
                testId="run-graph"
              />
            </div>
          ) : (
            <p className="panel__empty">Opening the run…</p>
          )}
        </section>
        <div className="run-detail__body">
          <section className="panel" aria-label="Inputs">
            <header className="panel__header">
              <h2 className="panel__title">Inputs</h2>
            </header>
            {inputs.length === 0 ? (
              <p className="panel__empty">This run had no named inputs.</p>
            ) : (
              <dl className="run-detail__input-list" data-testid="run-inputs">
                {inputs.map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
          <RunOutputPanel
            run={snapshot}
            loading={load.state === 'loading' || (load.state === 'ready' && !snapshot)}
            error={load.state === 'error' ? load.message : null}
            // Editors decide approvals and cancel here too: a nested run is only ever watched here.
            readOnly={role === null || role === 'viewer'}
          />
        </div>
      </main>
    </div>
  );
}
