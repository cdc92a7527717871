import { type InputVariable, inputVariablesOf } from '@synapse/schema';
import type { NodeSettingsProps } from './NodeSettingsProps';
import { useNodeField } from './useNodeField';
import { VariableListEditor } from './VariableListEditor';

function plainVariables(variables: readonly InputVariable[]) {
  return variables.map((v) => ({
    name: v.name,
    type: v.type,
    default: v.default,
    ...(v.description ? { description: v.description } : {}),
    ...(v.required ? { required: true } : {}),
  }));
}

export function InputSettings({ doc, node, readOnly }: NodeSettingsProps) {
  const { set } = useNodeField(doc, node.id);
  const value = typeof node.data.value === 'string' ? node.data.value : '';
  const id = `node-${node.id}-value`;
  return (
    <>
      <VariableListEditor
        nodeId={node.id}
        variables={inputVariablesOf(node)}
        readOnly={readOnly}
        onChange={(variables) => set('variables', plainVariables(variables))}
      />
      <div className="field">
        <label className="field__label" htmlFor={id}>
          Value passed downstream
        </label>
        <textarea
          id={id}
          className="field__input field__textarea"
          rows={3}
          readOnly={readOnly}
          value={value}
          placeholder="Text connected nodes receive as {{input}}"
          data-testid="input-value"
          onChange={(event) => set('value', event.target.value)}
        />
      </div>
    </>
  );
}
