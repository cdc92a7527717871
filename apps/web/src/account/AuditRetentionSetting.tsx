import { useState } from 'react';
import { Banner } from '../components/Banner';
import { accountApi } from './accountApi';
import { useApiData } from './useApiData';
import { useFormAction } from './useFormAction';

const CHOICES: { value: string; label: string }[] = [
  { value: '', label: 'Forever' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '365', label: '1 year' },
  { value: '730', label: '2 years' },
];

/** How long the workspace keeps audit events; older ones are deleted by an hourly job, which logs a summary. */
export function AuditRetentionSetting({ workspaceId }: { workspaceId: string }) {
  const [retention, reload] = useApiData(() => accountApi.auditRetention(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  const [saved, setSaved] = useState<string | null>(null);
  if (retention.state !== 'ready') return null;
  const current = retention.data.retentionDays;
  const choices =
    current === null || CHOICES.some((c) => c.value === String(current))
      ? CHOICES
      : [...CHOICES, { value: String(current), label: `${current} days` }];

  const save = (value: string) =>
    act(async () => {
      setSaved(null);
      const now = await accountApi.setAuditRetention(workspaceId, value ? Number(value) : null);
      setSaved(
        now.retentionDays === null
          ? 'Audit events are kept forever.'
          : `Events older than ${now.retentionDays} days will be deleted within the hour.`,
      );
      reload();
    })();

  return (
    <div className="filter-bar audit-retention">
      <label className="field">
        <span className="field__label">Keep events for</span>
        <select
          className="field__input"
          value={current === null ? '' : String(current)}
          disabled={busy}
          onChange={(e) => void save(e.target.value)}
          data-testid="audit-retention"
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {error && <Banner tone="error">{error}</Banner>}
      {saved && !error && <Banner tone="info">{saved}</Banner>}
    </div>
  );
}
