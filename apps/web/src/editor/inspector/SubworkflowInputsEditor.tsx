import {
  describeUnknownReference,
  type SubworkflowInput,
  type UnknownReference,
  type WorkflowGraph,
} from '@synapse/schema';
import type { ReactNode } from 'react';
import {
  subworkflowInputRows,
  withoutSubworkflowInput,
  withSubworkflowInput,
} from '../subworkflow/subworkflowInputRows';
import type { CalledInputs } from '../subworkflow/useCalledWorkflow';

interface SubworkflowInputsEditorProps {
  nodeId: string;
  calledName: string;
  /** The node's stored input rows (as the schema reads them: positions match `inputs.<i>` problems). */
  stored: readonly SubworkflowInput[];
  declared: CalledInputs;
  graph: WorkflowGraph;
  problems: readonly UnknownReference[];
  readOnly: boolean;
  /** The rows are one field: they are written whole. */
  onChange(inputs: SubworkflowInput[]): void;
}

/** A template per input the called version declares, with the references a run could not satisfy. */
export function SubworkflowInputsEditor(props: SubworkflowInputsEditorProps) {
  const { nodeId, calledName, stored, declared, graph, problems, readOnly, onChange } = props;
  const labelOf = (nid: string) => graph.nodes.find((n) => n.id === nid)?.data.label || nid;
  const problemList = (index: number, testId: string) => {
    const here = problems.filter((p) => index >= 0 && p.field === `inputs.${index}`);
    if (here.length === 0) return null;
    return (
      <ul className="field__problems" data-testid={testId}>
        {here.map((p) => (
          <li key={`${p.reason}:${p.reference}`}>{describeUnknownReference(p, labelOf)}</li>
        ))}
      </ul>
    );
  };

  let body: ReactNode;
  if (declared.state === 'loading') body = <p className="field__hint">Reading the version's inputs…</p>;
  else if (declared.state === 'error')
    body = (
      <p className="field__error" role="alert">
        Could not read the version's inputs: {declared.message}
      </p>
    );
  else if (declared.state === 'unpublished')
    body = (
      <p className="panel__empty" data-testid="subworkflow-unpublished">
        {calledName} has no published version yet: publish one from its Versions panel, or pick a saved
        version above.
      </p>
    );
  else {
    const { rows, extra } = subworkflowInputRows(declared.data, stored);
    body = (
      <>
        {rows.length === 0 && (
          <p className="panel__empty" data-testid="subworkflow-no-inputs">
            This version declares no inputs.
          </p>
        )}
        {rows.map(({ variable, value, index }) => {
          const inputId = `node-${nodeId}-input-${variable.name}`;
          return (
            <div key={variable.name} className="field">
              <label className="field__label" htmlFor={inputId}>
                <code>{variable.name}</code>
                {variable.required ? ' (required)' : ''}
              </label>
              <input
                id={inputId}
                className="field__input field__input--mono"
                value={value}
                readOnly={readOnly}
                placeholder={variable.default || `{{input.${variable.name}}}`}
                data-testid={`subworkflow-input-${variable.name}`}
                onChange={(event) =>
                  onChange(withSubworkflowInput(stored, variable.name, event.target.value))
                }
              />
              {variable.description && <p className="field__hint">{variable.description}</p>}
              {problemList(index, `subworkflow-input-problems-${variable.name}`)}
            </div>
          );
        })}
        {extra.length > 0 && (
          <ul className="list-editor__rows" data-testid="subworkflow-extra-inputs">
            {extra.map((row) => (
              <li key={row.name}>
                <div className="list-editor__row">
                  <span className="field__hint">
                    <code>{row.name}</code> is not an input of this version, which does not read it.
                  </span>
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button icon-button--small"
                      onClick={() => onChange(withoutSubworkflowInput(stored, row.name))}
                      aria-label={`Remove input ${row.name}`}
                    >
                      ×
                    </button>
                  )}
                </div>
                {problemList(row.index, `subworkflow-input-problems-${row.name}`)}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <fieldset className="list-editor" data-testid="subworkflow-inputs">
      <legend className="field__label">Inputs</legend>
      {body}
      <p className="field__hint">
        Each value is a template: <code>{'{{input.topic}}'}</code> or <code>{'{{nodes.<key>.output}}'}</code>{' '}
        of a node upstream of this one.
      </p>
    </fieldset>
  );
}
