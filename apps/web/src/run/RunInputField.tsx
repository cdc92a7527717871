import type { InputVariable } from '@synapse/schema';

interface RunInputFieldProps {
  variable: InputVariable;
  value: string;
  error: string | null;
  autoFocus: boolean;
  onChange(value: string): void;
}

/** One run input: a control that fits its type, its description, and its problem if any. */
export function RunInputField({ variable, value, error, autoFocus, onChange }: RunInputFieldProps) {
  const id = `run-input-${variable.name}`;
  const hint = `${id}-hint`;
  const shared = {
    id,
    name: variable.name,
    className: 'field__input',
    autoFocus,
    'aria-invalid': error !== null,
    'aria-required': variable.required === true,
    'aria-describedby': hint,
    'data-testid': id,
  };
  return (
    <div className="field run-form__field">
      <label className="field__label" htmlFor={id}>
        {variable.name}
        {variable.required ? (
          <span className="run-form__required" title="Required">
            {' '}
            *
          </span>
        ) : (
          <span className="run-form__optional"> (optional)</span>
        )}
        <span className="run-form__type">{variable.type}</span>
      </label>
      {variable.type === 'text' ? (
        <textarea {...shared} rows={4} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : variable.type === 'boolean' ? (
        <select {...shared} value={value} onChange={(e) => onChange(e.target.value)}>
          {['', 'true', 'false'].includes(value) ? null : <option value={value}>{value}</option>}
          <option value="">(empty)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input
          {...shared}
          inputMode={variable.type === 'number' ? 'decimal' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <span id={hint} className="field__hint">
        {variable.description || (variable.default ? `Default: ${variable.default}` : 'No default')}
      </span>
      {error && (
        <span className="field__error" role="alert" data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
