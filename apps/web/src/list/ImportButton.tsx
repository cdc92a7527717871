import { useRef } from 'react';

/** "Import" opens the file picker; the list page also accepts a dropped file (useFileDrop). */
export function ImportButton({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => inputRef.current?.click()}
        data-testid="import-workflow"
      >
        Import
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
