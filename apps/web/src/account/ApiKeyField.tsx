interface ApiKeyFieldProps {
  value: string;
  onChange(value: string): void;
  testId: string;
  /** Default "API key"; the vault's forms say "Value". */
  label?: string;
  /** Default 8 (the shortest provider key the server stores); the vault stores any non-empty value. */
  minLength?: number;
}

/** A write-only secret input (a provider key, a vault value): masked, never autofilled or spell-checked. */
export function ApiKeyField({ value, onChange, testId, label = 'API key', minLength = 8 }: ApiKeyFieldProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        minLength={minLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  );
}
