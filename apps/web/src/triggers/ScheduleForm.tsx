import type { InputVariable } from '@synapse/schema';
import type { SCHEDULE_OVERLAPS } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { useFormAction } from '../account/useFormAction';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';
import { formatTicks } from './formatTicks';
import { createSchedule, previewSchedule } from './triggersApi';

type Overlap = (typeof SCHEDULE_OVERLAPS)[number];
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A new schedule: cron, time zone, overlap and inputs, with the next ticks previewed by the server. */
export function ScheduleForm(props: {
  workspaceId: string;
  workflowId: string;
  variables: InputVariable[];
  onCreated: () => void;
}) {
  const { workspaceId, workflowId, variables } = props;
  const { busy, error, act } = useFormAction();
  const [name, setName] = useState('');
  const [cron, setCron] = useState('0 9 * * 1');
  const [timezone, setTimezone] = useState(localZone);
  const [overlap, setOverlap] = useState<Overlap>('skip');
  const [values, setValues] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<{ runs: number[] } | { problem: string } | null>(null);
  const inputValue = (v: InputVariable) => values[v.name] ?? v.default;

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      previewSchedule(workspaceId, workflowId, cron, timezone).then(
        ({ nextRuns }) => live && setPreview({ runs: nextRuns }),
        (e: unknown) => live && setPreview({ problem: errorMessage(e) }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [workspaceId, workflowId, cron, timezone]);

  return (
    <form
      className="triggers__form"
      data-testid="schedule-form"
      onSubmit={act(async () => {
        const inputs: Record<string, string> = {};
        for (const v of variables) if (inputValue(v) !== '') inputs[v.name] = inputValue(v);
        await createSchedule(workspaceId, workflowId, {
          name: name.trim(),
          cron,
          timezone,
          overlap,
          inputs,
          paused: false,
        });
        setName('');
        props.onCreated();
      })}
    >
      <h3>New schedule</h3>
      {error && (
        <Banner tone="error" testId="schedule-error">
          {error}
        </Banner>
      )}
      <label className="field">
        <span className="field__label">Name</span>
        <input
          className="field__input"
          value={name}
          placeholder="Weekly digest"
          onChange={(e) => setName(e.target.value)}
          data-testid="schedule-name"
        />
      </label>
      <label className="field">
        <span className="field__label">Cron (minute hour day month weekday)</span>
        <input
          className="field__input"
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          data-testid="schedule-cron"
        />
      </label>
      <label className="field">
        <span className="field__label">Time zone</span>
        <input
          className="field__input"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          data-testid="schedule-timezone"
        />
      </label>
      <div className="triggers__preview" data-testid="schedule-preview" aria-live="polite">
        {preview && 'problem' in preview && <span className="triggers__problem">{preview.problem}</span>}
        {preview && 'runs' in preview && (
          <>
            Next: {formatTicks(preview.runs, timezone)} ({timezone})
          </>
        )}
      </div>
      <label className="field">
        <span className="field__label">If the previous run is still going</span>
        <select
          className="field__input"
          value={overlap}
          onChange={(e) => setOverlap(e.target.value as Overlap)}
          data-testid="schedule-overlap"
        >
          <option value="skip">Skip this tick</option>
          <option value="queue">Start another run anyway</option>
        </select>
      </label>
      {variables.map((v) => (
        <label key={v.name} className="field">
          <span className="field__label">
            Input <code>{v.name}</code>
            {v.required ? ' (required)' : ''}
          </span>
          <input
            className="field__input"
            value={inputValue(v)}
            onChange={(e) => setValues({ ...values, [v.name]: e.target.value })}
            data-testid={`schedule-input-${v.name}`}
          />
        </label>
      ))}
      <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
        Create schedule
      </button>
    </form>
  );
}
