/** The recovery codes, shown once right after enrolment. */
export function RecoveryCodeList({ codes, onDone }: { codes: string[]; onDone(): void }) {
  return (
    <div className="settings-section" data-testid="recovery-codes">
      <p>
        <strong>Save these recovery codes.</strong> Each signs you in once if you lose your phone. They are
        not shown again.
      </p>
      <ul className="two-factor__codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={onDone}>
        I saved them
      </button>
    </div>
  );
}
