import { useEffect, useState } from 'react';

interface NumberFieldProps {
  id: string;
  label: string;
  value: number | undefined;
  onCommit: (value: number | null) => void;
  readOnly: boolean;
  min: number;
  max: number;
  step?: number;
  /** Shown in the field, stored multiplied (seconds shown, milliseconds stored). */
  scale?: number;
  placeholder?: string;
  integer?: boolean;
  testId?: string;
}

/**
 * A number input for one node field. Every valid value is written at once (field-level, so it never
 * overwrites another field); an empty field removes the setting; an out-of-range draft stays local,
 * marked invalid, until it is fixed.
 */
export function NumberField(props: NumberFieldProps) {
  const { id, label, value, onCommit, readOnly, min, max, step = 1, scale = 1, placeholder, integer } = props;
  const shown = value === undefined ? '' : String(value / scale);
  const [draft, setDraft] = useState(shown);
  const parsed = draft.trim() === '' ? null : Number(draft);
  const valid =
    parsed === null ||
    (Number.isFinite(parsed) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed)));

  // A collaborator's edit (or undo) replaces the draft unless it already says the same.
  useEffect(() => {
    setDraft((current) => {
      const n = current.trim() === '' ? undefined : Number(current) * scale;
      return n === value ? current : shown;
    });
  }, [value, shown, scale]);

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        className="field__input"
        value={draft}
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={!valid}
        data-testid={props.testId}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const n = text.trim() === '' ? null : Number(text);
          if (n === null) onCommit(null);
          else if (Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)))
            onCommit(Math.round(n * scale * 1000) / 1000);
        }}
      />
      {!valid && (
        <span className="field__error" role="alert">
          Between {min} and {max}
          {integer ? ', whole numbers' : ''}.
        </span>
      )}
    </div>
  );
}
