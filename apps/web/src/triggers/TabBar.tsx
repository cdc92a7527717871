/** A row of tabs (the side panel's look); `testId` prefixes each tab's test id. */
export function TabBar<T extends string>(props: {
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  testId: string;
}) {
  return (
    <div className="side-tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={props.value === t.id}
          className="side-tabs__tab"
          onClick={() => props.onChange(t.id)}
          data-testid={`${props.testId}-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
