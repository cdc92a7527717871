import type { ListFilter } from './filterWorkflows';

interface ListToolbarProps {
  query: string;
  onQuery(query: string): void;
  filter: ListFilter;
  onFilter(filter: ListFilter): void;
  counts: Record<ListFilter, number>;
}

const FILTERS: { key: ListFilter; label: string }[] = [
  { key: 'active', label: 'Active' },
  { key: 'archived', label: 'Archived' },
];

export function ListToolbar({ query, onQuery, filter, onFilter, counts }: ListToolbarProps) {
  return (
    <div className="list-toolbar">
      <input
        type="search"
        className="field__input list-toolbar__search"
        placeholder="Search workflows"
        aria-label="Search workflows by name"
        data-testid="workflow-search"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
      />
      <fieldset className="segmented" aria-label="Show">
        {FILTERS.map(({ key, label }) => (
          <button
            key={key}
            type="button"
            className="segmented__option"
            aria-pressed={filter === key}
            data-testid={`filter-${key}`}
            onClick={() => onFilter(key)}
          >
            {label} <span className="segmented__count">{counts[key]}</span>
          </button>
        ))}
      </fieldset>
    </div>
  );
}
