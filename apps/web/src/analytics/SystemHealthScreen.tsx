import './analytics.css';
import type { ReactNode } from 'react';
import { AppHeader } from '../components/AppHeader';
import { formatRelativeTime } from '../components/formatRelativeTime';
import { ScreenMessage } from '../components/ScreenMessage';
import { PageCrumbs } from '../history/PageCrumbs';
import { formatDuration } from '../run/formatRunNumbers';
import { useSystemHealthStream } from './useSystemHealthStream';

function Card({
  title,
  ok,
  children,
  testId,
}: {
  title: string;
  ok: boolean | null;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="health-card" data-testid={testId}>
      <header className="health-card__head">
        <h2>{title}</h2>
        {ok !== null && (
          <span
            className={`health-dot health-dot--${ok ? 'ok' : 'bad'}`}
            role="img"
            aria-label={ok ? 'healthy' : 'needs attention'}
          />
        )}
      </header>
      {children}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="health-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The install at a glance, updated live by the server: database, queue, runners, sync, persistence. */
export function SystemHealthScreen({ workspaceId }: { workspaceId: string }) {
  const { health, live } = useSystemHealthStream();

  let body: ReactNode;
  if (health.state === 'loading') body = <ScreenMessage kind="loading" title="Checking…" />;
  else if (health.state === 'error')
    body = (
      <ScreenMessage kind="error" title="The server did not answer">
        <p>{health.message}</p>
      </ScreenMessage>
    );
  else {
    const h = health.data;
    const now = Date.now();
    const p = h.persistence;
    body = (
      <>
        <p className={`health-summary health-summary--${h.status}`} data-testid="health-status">
          {h.status === 'ok' ? 'All systems normal' : 'Something needs attention'}
          <span className="muted"> · checked {formatRelativeTime(h.checkedAt, now)}</span>
          <span className={`health-live${live ? ' health-live--on' : ''}`} data-testid="health-live">
            {live ? 'Live' : 'Reconnecting…'}
          </span>
        </p>
        <div className="health-grid">
          <Card title="Database" ok={h.database.ok} testId="health-database">
            <dl>
              <Figure label="Status" value={h.database.ok ? 'reachable' : 'unreachable'} />
              <Figure
                label="Ping"
                value={h.database.latencyMs === null ? '—' : `${h.database.latencyMs} ms`}
              />
            </dl>
          </Card>
          <Card title="Run queue" ok={h.queue ? !h.runners?.stalled : null} testId="health-queue">
            {h.queue ? (
              <dl>
                <Figure
                  label="Waiting"
                  value={<span data-testid="health-queue-ready">{h.queue.ready}</span>}
                />
                <Figure label="Retrying later" value={h.queue.deferred} />
                <Figure label="Running" value={h.queue.active} />
                <Figure
                  label="Oldest wait"
                  value={h.queue.oldestReadyAgeMs === null ? '—' : formatDuration(h.queue.oldestReadyAgeMs)}
                />
              </dl>
            ) : (
              <p className="muted">The queue's tables could not be read.</p>
            )}
          </Card>
          <Card title="Runners" ok={h.runners ? !h.runners.stalled : null} testId="health-runners">
            {h.runners ? (
              <>
                <dl>
                  <Figure label="Busy now" value={h.runners.busy} />
                  <Figure
                    label="Last finished a run"
                    value={
                      h.runners.lastCompletedAt === null
                        ? 'not yet'
                        : formatRelativeTime(h.runners.lastCompletedAt, now)
                    }
                  />
                </dl>
                {h.runners.stalled && (
                  <p className="health-warning">
                    Runs have waited over a minute and no runner is busy: is a runner running?
                  </p>
                )}
                <p className="health-note">
                  Runners are separate processes. A busy runner is counted from the heartbeats of the jobs it
                  holds; an idle one is not visible to the server.
                </p>
              </>
            ) : (
              <p className="muted">Unknown.</p>
            )}
          </Card>
          <Card title="Live collaboration" ok={null} testId="health-sync">
            <dl>
              <Figure
                label="Sync connections"
                value={<span data-testid="health-connections">{h.sync.connections}</span>}
              />
              <Figure label="Open documents" value={h.sync.documents} />
            </dl>
          </Card>
          <Card title="Persistence" ok={p.oldestInflightMs < 5000} testId="health-persistence">
            <dl>
              <Figure label="Waiting to commit" value={`${p.inflightRows} updates`} />
              <Figure
                label="Lag"
                value={p.oldestInflightMs === 0 ? 'none' : formatDuration(p.oldestInflightMs)}
              />
              <Figure label="Mean commit" value={p.meanCommitMs === null ? '—' : `${p.meanCommitMs} ms`} />
              <Figure label="Failed commits" value={p.failures} />
            </dl>
          </Card>
          <Card title="Runs" ok={null} testId="health-runs">
            <dl>
              {(
                [
                  ['queued', 'Queued'],
                  ['running', 'Running'],
                  ['waiting', 'Waiting for approval'],
                  ['succeeded', 'Succeeded'],
                  ['failed', 'Failed'],
                  ['cancelled', 'Cancelled'],
                ] as const
              ).map(([status, label]) => (
                <Figure key={status} label={label} value={(h.runs[status] ?? 0).toLocaleString()} />
              ))}
            </dl>
          </Card>
        </div>
        <p className="muted analytics-note">
          Prometheus metrics are served at <code>/metrics</code> on this server (see docs/architecture.md for
          when).
        </p>
      </>
    );
  }

  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="System health" />
      </AppHeader>
      <main className="analytics-page" data-testid="health-page">
        <div className="analytics-page__head">
          <div>
            <h1>System health</h1>
            <p className="muted">This Synapse install, for every workspace. Updates live as it changes.</p>
          </div>
        </div>
        {body}
      </main>
    </div>
  );
}
