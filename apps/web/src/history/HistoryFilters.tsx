import type { WorkflowEntry } from '@synapse/schema';
import { TIME_RANGES, type TimeRange } from './timeRanges';

export interface HistoryFilterState {
  workflowId: string;
  status: string;
  requestedBy: string;
  range: TimeRange;
}

export const NO_FILTER: HistoryFilterState = { workflowId: '', status: '', requestedBy: '', range: 'all' };

const STATUSES = ['succeeded', 'failed', 'running', 'waiting', 'queued', 'cancelled'];

interface HistoryFiltersProps {
  value: HistoryFilterState;
  onChange(next: HistoryFilterState): void;
  workflows: WorkflowEntry[];
  people: Map<string, string>;
}

/** Workflow, status, who started it and when: each narrows the list on the server. */
export function HistoryFilters({ value, onChange, workflows, people }: HistoryFiltersProps) {
  const set = (patch: Partial<HistoryFilterState>) => onChange({ ...value, ...patch });
  const filtered = JSON.stringify(value) !== JSON.stringify(NO_FILTER);
  return (
    <section className="history-filters" aria-label="Filter runs">
      <label className="history-filters__field">
        <span>Workflow</span>
        <select
          className="field__input"
          value={value.workflowId}
          onChange={(e) => set({ workflowId: e.target.value })}
          data-testid="history-filter-workflow"
        >
          <option value="">All workflows</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name || 'Untitled workflow'}
            </option>
          ))}
        </select>
      </label>
      <label className="history-filters__field">
        <span>Status</span>
        <select
          className="field__input"
          value={value.status}
          onChange={(e) => set({ status: e.target.value })}
          data-testid="history-filter-status"
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="history-filters__field">
        <span>Started by</span>
        <select
          className="field__input"
          value={value.requestedBy}
          onChange={(e) => set({ requestedBy: e.target.value })}
          data-testid="history-filter-person"
        >
          <option value="">Anyone</option>
          {[...people].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="history-filters__field">
        <span>When</span>
        <select
          className="field__input"
          value={value.range}
          onChange={(e) => set({ range: e.target.value as TimeRange })}
          data-testid="history-filter-range"
        >
          {TIME_RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {filtered && (
        <button type="button" className="button button--ghost" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </section>
  );
}
