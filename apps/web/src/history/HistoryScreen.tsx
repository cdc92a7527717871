import './history.css';
import { type ReactNode, useMemo, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { navigate } from '../routing/navigate';
import { comparePath } from '../routing/parseRoute';
import { compareReadiness } from './compareReadiness';
import { type HistoryFilterState, HistoryFilters, NO_FILTER } from './HistoryFilters';
import type { HistoryFilter } from './historyApi';
import { PageCrumbs } from './PageCrumbs';
import { RunHistoryTable } from './RunHistoryTable';
import { rangeStart } from './timeRanges';
import { useMemberNames } from './useMemberNames';
import { useRunHistory } from './useRunHistory';
import { useWorkflowNames } from './useWorkflowNames';

/** Every run of the workspace, newest first, with filters, keyset "Load more" and pick-two-to-compare. */
export function HistoryScreen({ workspaceId }: { workspaceId: string }) {
  const [filters, setFilters] = useState<HistoryFilterState>(NO_FILTER);
  // The range is fixed when chosen, so "Load more" keeps paging the same window.
  const [rangeAnchor, setRangeAnchor] = useState(() => Date.now());
  const filter = useMemo<HistoryFilter>(
    () => ({
      workflowId: filters.workflowId || undefined,
      status: filters.status || undefined,
      requestedBy: filters.requestedBy || undefined,
      from: rangeStart(filters.range, rangeAnchor),
    }),
    [filters, rangeAnchor],
  );
  const history = useRunHistory(workspaceId, filter);
  const { entries, names } = useWorkflowNames(workspaceId);
  const people = useMemberNames(workspaceId);
  const [selected, setSelected] = useState<string[]>([]);

  const picked = selected.map((id) => history.runs.find((r) => r.id === id)).filter((r) => r !== undefined);
  const readiness = compareReadiness(picked, names);
  const toggle = (runId: string) =>
    setSelected((current) =>
      current.includes(runId) ? current.filter((id) => id !== runId) : [...current, runId].slice(-2),
    );

  const changeFilters = (next: HistoryFilterState) => {
    setFilters(next);
    setRangeAnchor(Date.now());
    setSelected([]);
  };

  let body: ReactNode;
  if (history.loading) body = <ScreenMessage kind="loading" title="Loading runs…" />;
  else if (history.error && history.runs.length === 0)
    body = (
      <ScreenMessage kind="error" title="Could not load the run history">
        <p>{history.error}</p>
        <button type="button" className="button" onClick={history.reload}>
          Try again
        </button>
      </ScreenMessage>
    );
  else if (history.runs.length === 0)
    body = (
      <ScreenMessage
        kind="empty"
        title={JSON.stringify(filters) === JSON.stringify(NO_FILTER) ? 'No runs yet' : 'No runs match'}
        testId="history-empty"
      >
        <p>
          {JSON.stringify(filters) === JSON.stringify(NO_FILTER)
            ? 'Runs appear here as soon as anyone in the workspace presses Run.'
            : 'Try a wider time range or fewer filters.'}
        </p>
      </ScreenMessage>
    );
  else
    body = (
      <>
        <RunHistoryTable
          workspaceId={workspaceId}
          runs={history.runs}
          workflowNames={names}
          people={people}
          selected={selected}
          onToggleSelected={toggle}
        />
        {history.error && <Banner tone="error">{history.error}</Banner>}
        <div className="history-page__more">
          {history.hasMore ? (
            <button
              type="button"
              className="button"
              onClick={history.loadMore}
              disabled={history.loadingMore}
              data-testid="history-load-more"
            >
              {history.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          ) : (
            <span className="muted" data-testid="history-end">
              {history.runs.length === 1 ? 'That is the only run.' : `All ${history.runs.length} runs shown.`}
            </span>
          )}
        </div>
      </>
    );

  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="History" />
      </AppHeader>
      <main className="history-page" data-testid="history-page">
        <div className="history-page__head">
          <div>
            <h1>Run history</h1>
            <p className="muted">
              Every run in this workspace. Open one to see it as it ran, or pick two to compare.
            </p>
          </div>
          <button type="button" className="button" onClick={history.reload} data-testid="history-refresh">
            Refresh
          </button>
        </div>
        <HistoryFilters value={filters} onChange={changeFilters} workflows={entries} people={people} />
        {selected.length > 0 && (
          <div className="history-compare-bar" data-testid="history-compare-bar">
            <span id="history-compare-reason" data-testid="history-compare-reason">
              {readiness.message}
            </span>
            {/* aria-disabled rather than disabled: the button stays focusable and hoverable, so its
                reason (title, aria-describedby) reaches mouse, keyboard and screen-reader users alike. */}
            <button
              type="button"
              className="button button--primary"
              aria-disabled={!readiness.ready}
              aria-describedby="history-compare-reason"
              title={readiness.ready ? undefined : readiness.message}
              onClick={() => {
                if (readiness.ready)
                  navigate(comparePath(workspaceId, selected[0] as string, selected[1] as string));
              }}
              data-testid="history-compare"
            >
              Compare
            </button>
            <button type="button" className="button button--ghost" onClick={() => setSelected([])}>
              Clear
            </button>
          </div>
        )}
        {body}
      </main>
    </div>
  );
}
