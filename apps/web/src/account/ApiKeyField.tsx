interface ApiKeyFieldProps {
  value: string;
  onChange(value: string): void;
  testId: string;
}

/** The write-only "API key" input of a key form: masked, never autofilled or spell-checked. */
export function ApiKeyField({ value, onChange, testId }: ApiKeyFieldProps) {
  return (
    <label className="field">
      <span className="field__label">API key</span>
      <input
        className="field__input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        minLength={8}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
