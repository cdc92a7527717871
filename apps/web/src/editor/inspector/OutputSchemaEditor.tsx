import { type OutputField, type OutputSchema, outputSchemaConfig } from '@synapse/schema';
import { useEffect, useState } from 'react';

type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum';

interface Row {
  name: string;
  kind: FieldKind;
  values: string;
  required: boolean;
}

/** Rows for the fields view, or null when the schema holds more than flat fields (edit it raw). */
function rowsOf(schema: OutputSchema): Row[] | null {
  const rows: Row[] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    const required = (schema.required ?? []).includes(name);
    if (field.type === 'string' && field.enum)
      rows.push({ name, kind: 'enum', values: field.enum.join(', '), required });
    else if (
      field.type === 'string' ||
      field.type === 'number' ||
      field.type === 'integer' ||
      field.type === 'boolean'
    )
      rows.push({ name, kind: field.type, values: '', required });
    else return null;
  }
  return rows;
}

function schemaOf(rows: Row[]): OutputSchema {
  const properties: Record<string, OutputField> = {};
  for (const row of rows) {
    if (!row.name) continue;
    const values = row.values
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    properties[row.name] =
      row.kind === 'enum'
        ? { type: 'string', ...(values.length ? { enum: values } : {}) }
        : { type: row.kind };
  }
  const required = rows.filter((r) => r.required && r.name).map((r) => r.name);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

interface OutputSchemaEditorProps {
  idPrefix: string;
  schema: OutputSchema | undefined;
  readOnly: boolean;
  /** Writes the whole schema (one value, last writer wins), or removes it with null. */
  onChange(schema: OutputSchema | null): void;
}

/**
 * Structured output of an agent: its JSON reply's fields (name, type, required), or the JSON Schema
 * raw. Downstream prompts read a field as `{{nodes.<key>.output.<field>}}`.
 */
export function OutputSchemaEditor({ idPrefix, schema, readOnly, onChange }: OutputSchemaEditorProps) {
  const rows = schema ? rowsOf(schema) : null;
  const [raw, setRaw] = useState(schema ? JSON.stringify(schema, null, 2) : '');
  const [rawError, setRawError] = useState<string | null>(null);
  const [rawMode, setRawMode] = useState(false);
  useEffect(() => {
    if (!rawMode) setRaw(schema ? JSON.stringify(schema, null, 2) : '');
  }, [schema, rawMode]);

  const commitRaw = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      setRawError('Not JSON.');
      return;
    }
    const checked = outputSchemaConfig.safeParse(parsed);
    if (!checked.success) {
      setRawError(checked.error.issues[0]?.message ?? 'Not a supported schema.');
      return;
    }
    setRawError(null);
    onChange(checked.data);
  };
  const setRows = (next: Row[]) => onChange(schemaOf(next));

  return (
    <details className="inspector__advanced" open={schema !== undefined}>
      <summary>Structured output</summary>
      <label className="list-editor__check">
        <input
          type="checkbox"
          checked={schema !== undefined}
          disabled={readOnly}
          data-testid="structured-output-toggle"
          onChange={(event) =>
            onChange(
              event.target.checked ? { type: 'object', properties: { result: { type: 'string' } } } : null,
            )
          }
        />{' '}
        Reply as JSON with these fields (validated; one repair attempt)
      </label>
      {schema && rows && !rawMode && (
        <div className="field" data-testid="output-fields">
          {rows.map((row, i) => {
            const update = (patch: Partial<Row>) =>
              setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
            return (
              <div className="list-editor__row list-editor__row--grid" key={row.name}>
                <input
                  className="field__input"
                  aria-label="Field name"
                  defaultValue={row.name}
                  readOnly={readOnly}
                  data-testid="output-field-name"
                  onBlur={(event) => update({ name: event.target.value.trim() })}
                />
                <select
                  className="field__input"
                  aria-label="Field type"
                  value={row.kind}
                  disabled={readOnly}
                  onChange={(event) => update({ kind: event.target.value as FieldKind })}
                >
                  {(['string', 'number', 'integer', 'boolean', 'enum'] as const).map((kind) => (
                    <option key={kind} value={kind}>
                      {kind === 'enum' ? 'one of…' : kind}
                    </option>
                  ))}
                </select>
                {row.kind === 'enum' && (
                  <input
                    className="field__input"
                    aria-label="Allowed values, comma separated"
                    defaultValue={row.values}
                    readOnly={readOnly}
                    onBlur={(event) => update({ values: event.target.value })}
                  />
                )}
                <label className="list-editor__check">
                  <input
                    type="checkbox"
                    checked={row.required}
                    disabled={readOnly}
                    onChange={(event) => update({ required: event.target.checked })}
                  />{' '}
                  required
                </label>
                {!readOnly && (
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  >
                    Remove
                  </button>
                )}
              </div>
            );
          })}
          {!readOnly && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() =>
                setRows([
                  ...rows,
                  { name: `field${rows.length + 1}`, kind: 'string', values: '', required: false },
                ])
              }
            >
              Add field
            </button>
          )}
        </div>
      )}
      {schema && (rawMode || !rows) && (
        <div className="field">
          <label className="field__label" htmlFor={`${idPrefix}-raw`}>
            JSON Schema
          </label>
          <textarea
            id={`${idPrefix}-raw`}
            className="field__input field__textarea"
            rows={8}
            value={raw}
            readOnly={readOnly}
            spellCheck={false}
            data-testid="output-schema-raw"
            onChange={(event) => setRaw(event.target.value)}
            onBlur={commitRaw}
          />
          {rawError && (
            <span className="field__error" role="alert">
              {rawError}
            </span>
          )}
        </div>
      )}
      {schema && rows && (
        <button type="button" className="link-button" onClick={() => setRawMode((m) => !m)}>
          {rawMode ? 'Edit as fields' : 'Edit as JSON Schema'}
        </button>
      )}
    </details>
  );
}
