import type { HttpHeader } from '@synapse/schema';

interface HttpHeadersEditorProps {
  nodeId: string;
  headers: readonly HttpHeader[];
  readOnly: boolean;
  /** The list is one field: it is written whole. */
  onChange: (headers: HttpHeader[]) => void;
}

/** An HTTP request node's headers: a name and a templated value per row (`Bearer {{secrets.TOKEN}}`). */
export function HttpHeadersEditor({ nodeId, headers, readOnly, onChange }: HttpHeadersEditorProps) {
  const update = (index: number, patch: Partial<HttpHeader> | null) => {
    const list = headers.map((h) => ({ ...h }));
    if (patch) list[index] = { ...list[index]!, ...patch };
    else list.splice(index, 1);
    onChange(list);
  };
  return (
    <fieldset className="list-editor" data-testid="http-headers-editor">
      <legend className="field__label">Headers</legend>
      {headers.length === 0 && <p className="field__hint">No headers.</p>}
      <ul className="list-editor__rows">
        {headers.map((header, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in one list value; a name key would remount the input being typed in
          <li key={`${index}`} className="list-editor__row">
            <input
              id={`node-${nodeId}-header-${index}`}
              className="field__input field__input--mono"
              value={header.name}
              readOnly={readOnly}
              maxLength={128}
              placeholder="Name"
              aria-label={`Header ${index + 1} name`}
              onChange={(event) => update(index, { name: event.target.value })}
            />
            <input
              className="field__input field__input--mono"
              value={header.value}
              readOnly={readOnly}
              placeholder="Value"
              aria-label={`Header ${index + 1} value`}
              onChange={(event) => update(index, { value: event.target.value })}
            />
            {!readOnly && (
              <button
                type="button"
                className="icon-button icon-button--small"
                onClick={() => update(index, null)}
                aria-label={`Remove header ${header.name || index + 1}`}
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
          onClick={() => onChange([...headers, { name: 'Header', value: '' }])}
          data-testid="add-http-header"
        >
          + Add header
        </button>
      )}
    </fieldset>
  );
}
