import { formatTime } from '../account/formatTime';
import { useApiData } from '../account/useApiData';
import { ApiDataState } from '../components/ApiDataState';
import { RunLink } from './RunLink';
import { listFirings } from './triggersApi';
import { usePolling } from './usePolling';

const STATUS_LABELS: Record<string, string> = {
  pending: 'starting',
  started: 'started',
  skipped: 'skipped: previous run still going',
  refused: 'refused',
  failed: 'failed',
};

/** A schedule's recent ticks, newest first: the run each started, or why it did not. */
export function ScheduleFirings(props: { workspaceId: string; workflowId: string; scheduleId: string }) {
  const { workspaceId, workflowId, scheduleId } = props;
  const [firings, reload] = useApiData(
    () => listFirings(workspaceId, workflowId, scheduleId),
    [workspaceId, workflowId, scheduleId],
  );
  usePolling(reload, 2000);
  if (firings.state !== 'ready')
    return (
      <ApiDataState
        data={firings}
        reload={reload}
        loading="Loading ticks…"
        failed="Could not load the ticks"
      />
    );
  const list = firings.data.firings.slice(0, 10);
  if (list.length === 0) return <p className="muted">No ticks yet.</p>;
  return (
    <ul className="triggers__events" data-testid={`schedule-firings-${scheduleId}`}>
      {list.map((f) => (
        <li key={f.id} className={`triggers__event triggers__event--${f.status}`} data-status={f.status}>
          <span className="triggers__when">{formatTime(f.firedAt)}</span>
          <span className="triggers__status">{STATUS_LABELS[f.status] ?? f.status}</span>
          {f.runId && <RunLink workspaceId={workspaceId} runId={f.runId} />}
          {f.error && f.status !== 'skipped' && <span className="muted">{f.error}</span>}
        </li>
      ))}
    </ul>
  );
}
