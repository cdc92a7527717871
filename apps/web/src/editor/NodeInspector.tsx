import { type GraphNode, getNodeText, removeNode, setNodeField, USER_ORIGIN } from '@synapse/schema';
import type * as Y from 'yjs';
import { selectedNodeIdAtom, useSetAtom } from '../state/atoms';
import { YTextArea } from './YTextArea';

interface NodeInspectorProps {
  doc: Y.Doc;
  node: GraphNode;
  readOnly: boolean;
}

function stringField(node: GraphNode, key: string): string {
  const value = node.data[key];
  return typeof value === 'string' ? value : '';
}

export function NodeInspector({ doc, node, readOnly }: NodeInspectorProps) {
  const setSelected = useSetAtom(selectedNodeIdAtom);
  const systemPrompt = node.type === 'agent' ? getNodeText(doc, node.id, 'systemPrompt') : null;
  const userPrompt = node.type === 'agent' ? getNodeText(doc, node.id, 'userPrompt') : null;
  const plainField = node.type === 'input' ? 'value' : node.type === 'note' ? 'text' : null;
  const fieldId = (name: string) => `node-${node.id}-${name}`;

  const remove = () => {
    removeNode(doc, node.id, USER_ORIGIN);
    setSelected(null);
  };

  return (
    <section className="panel inspector" aria-labelledby="inspector-title" data-testid="node-inspector">
      <header className="panel__header">
        <h2 id="inspector-title" className="panel__title">
          {node.type === 'agent' ? 'Agent' : node.type[0]?.toUpperCase() + node.type.slice(1)} settings
        </h2>
        {!readOnly && (
          <button type="button" className="button button--ghost button--danger" onClick={remove}>
            Delete
          </button>
        )}
      </header>

      <div className="field">
        <label className="field__label" htmlFor={fieldId('label')}>
          Name
        </label>
        <input
          id={fieldId('label')}
          className="field__input"
          value={node.data.label}
          readOnly={readOnly}
          maxLength={120}
          data-testid="node-label-input"
          onChange={(event) => setNodeField(doc, node.id, 'label', event.target.value, USER_ORIGIN)}
        />
      </div>

      {node.type === 'agent' && (
        <div className="field field--inline">
          <span className="field__label">Model</span>
          <span className="model-chip">
            {stringField(node, 'provider') || 'local'} · {stringField(node, 'model') || 'default'}
          </span>
        </div>
      )}

      {systemPrompt && (
        <div className="field">
          <label className="field__label" htmlFor={fieldId('system')}>
            System prompt
          </label>
          <YTextArea
            ytext={systemPrompt}
            id={fieldId('system')}
            readOnly={readOnly}
            rows={6}
            placeholder="You are a meticulous researcher…"
            testId="system-prompt-input"
          />
        </div>
      )}

      {userPrompt && (
        <div className="field">
          <label className="field__label" htmlFor={fieldId('user')}>
            User prompt
          </label>
          <YTextArea
            ytext={userPrompt}
            id={fieldId('user')}
            readOnly={readOnly}
            rows={4}
            placeholder="{{input}}"
            testId="user-prompt-input"
          />
          <p className="field__hint">
            <code>{'{{input}}'}</code> is the joined output of connected upstream nodes;{' '}
            <code>{`{{nodes.${node.id}.output}}`}</code> refers to one node by id.
          </p>
        </div>
      )}

      {plainField && (
        <div className="field">
          <label className="field__label" htmlFor={fieldId(plainField)}>
            {plainField === 'value' ? 'Value' : 'Text'}
          </label>
          <textarea
            id={fieldId(plainField)}
            className="field__input field__textarea"
            rows={4}
            readOnly={readOnly}
            value={stringField(node, plainField)}
            onChange={(event) => setNodeField(doc, node.id, plainField, event.target.value, USER_ORIGIN)}
          />
        </div>
      )}

      <p className="inspector__id">
        Node id <code>{node.id}</code>
      </p>
    </section>
  );
}
