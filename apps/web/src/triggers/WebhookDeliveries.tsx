import { formatTime } from '../account/formatTime';
import { useApiData } from '../account/useApiData';
import { ApiDataState } from '../components/ApiDataState';
import { RunLink } from './RunLink';
import { listDeliveries } from './triggersApi';
import { usePolling } from './usePolling';

/** A webhook's last deliveries, newest first, each with its status and the run it started. */
export function WebhookDeliveries(props: { workspaceId: string; workflowId: string; webhookId: string }) {
  const { workspaceId, workflowId, webhookId } = props;
  const [deliveries, reload] = useApiData(
    () => listDeliveries(workspaceId, workflowId, webhookId),
    [workspaceId, workflowId, webhookId],
  );
  usePolling(reload, 2000);
  if (deliveries.state !== 'ready')
    return (
      <ApiDataState
        data={deliveries}
        reload={reload}
        loading="Loading deliveries…"
        failed="Could not load deliveries"
      />
    );
  const list = deliveries.data.deliveries.slice(0, 10);
  if (list.length === 0) return <p className="muted">No deliveries yet.</p>;
  return (
    <ul className="triggers__events" data-testid={`webhook-deliveries-${webhookId}`}>
      {list.map((d) => (
        <li key={d.id} className={`triggers__event triggers__event--${d.status}`} data-status={d.status}>
          <span className="triggers__when">{formatTime(d.receivedAt)}</span>
          <span className="triggers__status">
            {d.status} · {d.httpStatus}
          </span>
          {d.runId ? (
            <RunLink workspaceId={workspaceId} runId={d.runId} />
          ) : (
            <span className="muted">{d.error}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
