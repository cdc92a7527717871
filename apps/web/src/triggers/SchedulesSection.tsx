import type { InputVariable } from '@synapse/schema';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { formatTicks } from './formatTicks';
import { ScheduleFirings } from './ScheduleFirings';
import { ScheduleForm } from './ScheduleForm';
import { deleteSchedule, listSchedules, updateSchedule } from './triggersApi';

/** The workflow's schedules: next ticks, pause/resume, delete, recent ticks with their runs, and a form. */
export function SchedulesSection(props: {
  workspaceId: string;
  workflowId: string;
  variables: InputVariable[];
  readOnly: boolean;
}) {
  const { workspaceId, workflowId, readOnly } = props;
  const [schedules, reload] = useApiData(
    () => listSchedules(workspaceId, workflowId),
    [workspaceId, workflowId],
  );
  const { busy, error, act } = useFormAction();
  return (
    <section className="triggers__section" data-testid="triggers-schedules">
      <p className="muted">
        Runs the <strong>published</strong> version on a cron schedule in a time zone, as whoever last set its
        inputs or timing (changing them makes it run as you).
      </p>
      {error && (
        <Banner tone="error" testId="schedules-error">
          {error}
        </Banner>
      )}
      <ApiDataState
        data={schedules}
        reload={reload}
        loading="Loading schedules…"
        failed="Could not load the schedules"
      />
      {schedules.state === 'ready' && schedules.data.schedules.length === 0 && (
        <p className="muted">No schedules yet.</p>
      )}
      {schedules.state === 'ready' &&
        schedules.data.schedules.map((s) => (
          <article
            key={s.id}
            className="triggers__item"
            data-testid={`schedule-${s.id}`}
            data-paused={s.paused}
          >
            <header className="triggers__item-head">
              <strong>{s.name}</strong>
              <span className="muted">
                <code>{s.cron}</code> · {s.timezone} ·{' '}
                {s.overlap === 'skip' ? 'skips overlaps' : 'queues overlaps'}
              </span>
              <span className="muted" data-testid="schedule-runs-as">
                runs as {s.runsAs.name ?? 'a removed account'}
              </span>
              {s.paused && <span className="triggers__badge">paused</span>}
              {!readOnly && (
                <span className="triggers__actions">
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    data-testid="schedule-toggle"
                    onClick={act(async () => {
                      await updateSchedule(workspaceId, workflowId, s.id, { paused: !s.paused });
                      reload();
                    })}
                  >
                    {s.paused ? 'Resume' : 'Pause'}
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={busy}
                    aria-label={`Delete schedule ${s.name}`}
                    onClick={act(async () => {
                      await deleteSchedule(workspaceId, workflowId, s.id);
                      reload();
                    })}
                  >
                    Delete
                  </button>
                </span>
              )}
            </header>
            {!s.paused && s.nextRuns.length > 0 && (
              <p className="muted" data-testid="schedule-next">
                Next: {formatTicks(s.nextRuns, s.timezone)} ({s.timezone})
              </p>
            )}
            <ScheduleFirings workspaceId={workspaceId} workflowId={workflowId} scheduleId={s.id} />
          </article>
        ))}
      {!readOnly && <ScheduleForm {...props} onCreated={reload} />}
    </section>
  );
}
