import { useEffect, useRef, useState } from 'react';

interface RenameFieldProps {
  initial: string;
  onCommit(name: string): void;
  onCancel(): void;
}

/** Inline rename: Enter or leaving the field saves, Escape cancels; an empty name is not saved. */
export function RenameField({ initial, onCommit, onCancel }: RenameFieldProps) {
  const [value, setValue] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef(false);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const finish = (save: boolean) => {
    if (doneRef.current) return;
    doneRef.current = true;
    const name = value.trim();
    if (save && name && name !== initial) onCommit(name);
    else onCancel();
  };

  return (
    <input
      ref={inputRef}
      className="field__input rename-field"
      aria-label="Workflow name"
      data-testid="rename-input"
      value={value}
      maxLength={200}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          finish(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          finish(false);
        }
      }}
    />
  );
}
