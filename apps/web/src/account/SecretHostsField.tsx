interface SecretHostsFieldProps {
  /** The list as typed: entries separated by commas or spaces (splitHostList). */
  value: string;
  onChange(value: string): void;
  testId: string;
}

/** Where a vault secret may be sent (ADR 0028): host names and `*.example.com`; empty means any host. */
export function SecretHostsField({ value, onChange, testId }: SecretHostsFieldProps) {
  return (
    <label className="field">
      <span className="field__label">Only send to hosts</span>
      <input
        className="field__input"
        placeholder="api.github.com, *.example.com"
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${testId}-hint`}
        data-testid={testId}
      />
      <span className="field__hint" id={`${testId}-hint`}>
        Separated by commas; *.example.com covers its subdomains; any port. Empty: any host.
      </span>
    </label>
  );
}
