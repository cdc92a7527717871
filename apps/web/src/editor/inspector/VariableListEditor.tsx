import { type InputVariable, type InputVariableType, isValidId } from '@synapse/schema';
import { useEffect, useState } from 'react';

const TYPES: readonly InputVariableType[] = ['string', 'text', 'number', 'boolean'];

interface VariableListEditorProps {
  nodeId: string;
  variables: readonly InputVariable[];
  readOnly: boolean;
  /** The list is one field: it is written whole. */
  onChange: (variables: InputVariable[]) => void;
}

function freeName(variables: readonly InputVariable[]): string {
  const names = new Set(variables.map((v) => v.name));
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'input' : `input${i}`;
    if (!names.has(name)) return name;
  }
}

/** A name edits locally until it is a valid, unused id: readers drop invalid names, so a half-typed one would vanish. */
function NameInput(props: {
  id: string;
  value: string;
  taken: Set<string>;
  readOnly: boolean;
  onCommit: (n: string) => void;
}) {
  const { id, value, taken, readOnly, onCommit } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const error = !isValidId(draft)
    ? 'Letters, digits, - and _ only'
    : draft !== value && taken.has(draft)
      ? 'Already used'
      : null;
  return (
    <>
      <input
        id={id}
        className="field__input field__input--mono"
        value={draft}
        readOnly={readOnly}
        maxLength={64}
        aria-label="Variable name"
        aria-invalid={error !== null}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          if (isValidId(next) && (next === value || !taken.has(next))) onCommit(next);
        }}
      />
      {error && (
        <span className="field__error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** An Input node's named variables: `{{input.<name>}}` reads them in any downstream prompt. */
export function VariableListEditor({ nodeId, variables, readOnly, onChange }: VariableListEditorProps) {
  const update = (index: number, patch: Partial<InputVariable> | null) => {
    const list = variables.map((v) => ({ ...v }));
    if (patch) list[index] = { ...list[index]!, ...patch };
    else list.splice(index, 1);
    onChange(list);
  };
  const names = new Set(variables.map((v) => v.name));
  return (
    <fieldset className="list-editor" data-testid="variables-editor">
      <legend className="field__label">Input variables</legend>
      {variables.length === 0 && <p className="field__hint">No variables: this node passes its value on.</p>}
      <ul className="list-editor__rows">
        {variables.map((variable, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in one list value; a name key would remount the input being typed in
          <li key={`${index}`} className="list-editor__row list-editor__row--grid">
            <NameInput
              id={`node-${nodeId}-var-${index}`}
              value={variable.name}
              taken={names}
              readOnly={readOnly}
              onCommit={(name) => update(index, { name })}
            />
            <select
              className="field__input"
              value={variable.type}
              disabled={readOnly}
              aria-label={`Type of ${variable.name}`}
              onChange={(event) => update(index, { type: event.target.value as InputVariableType })}
            >
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <input
              className="field__input"
              value={variable.default}
              readOnly={readOnly}
              placeholder="Default value"
              aria-label={`Default value of ${variable.name}`}
              onChange={(event) => update(index, { default: event.target.value })}
            />
            <label
              className="list-editor__check"
              title="A run must give it a value (or the default must have one)"
            >
              <input
                type="checkbox"
                checked={variable.required === true}
                disabled={readOnly}
                aria-label={`${variable.name} is required`}
                onChange={(event) => update(index, { required: event.target.checked })}
              />
              Required
            </label>
            <input
              className="field__input list-editor__wide"
              value={variable.description ?? ''}
              readOnly={readOnly}
              placeholder="Description (shown in the run form)"
              aria-label={`Description of ${variable.name}`}
              onChange={(event) => update(index, { description: event.target.value })}
            />
            {!readOnly && (
              <button
                type="button"
                className="icon-button icon-button--small"
                onClick={() => update(index, null)}
                aria-label={`Remove variable ${variable.name}`}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <button
          type="button"
          className="button button--small"
          onClick={() => onChange([...variables, { name: freeName(variables), type: 'string', default: '' }])}
          data-testid="add-variable"
        >
          + Add variable
        </button>
      )}
    </fieldset>
  );
}
