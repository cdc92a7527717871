interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  readOnly: boolean;
  testId?: string;
  onChange(value: T): void;
}

/** A labelled choice among a few fixed values. */
export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { id, label, value, options, readOnly, testId, onChange } = props;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field__input"
        value={value}
        disabled={readOnly}
        data-testid={testId}
        onChange={(event) => {
          const picked = options.find((o) => o.value === event.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
