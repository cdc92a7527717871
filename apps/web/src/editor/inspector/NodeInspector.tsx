import {
  type GraphNode,
  removeNode,
  type UnknownReference,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import type * as Y from 'yjs';
import { EMPTY_SELECTION, selectionAtom, useSetAtom } from '../../state/atoms';
import { KIND_LABEL } from '../canvas/WorkflowNode';
import { AgentSettings } from './AgentSettings';
import { HttpSettings } from './HttpSettings';
import { InputSettings } from './InputSettings';
import { RouterSettings } from './RouterSettings';
import { useNodeField } from './useNodeField';

interface NodeInspectorProps {
  doc: Y.Doc;
  node: GraphNode;
  graph: WorkflowGraph;
  problems: readonly UnknownReference[];
  readOnly: boolean;
}

/** Settings of the selected node. Every control writes one field, so concurrent edits of different fields merge. */
export function NodeInspector({ doc, node, graph, problems, readOnly }: NodeInspectorProps) {
  const setSelection = useSetAtom(selectionAtom);
  const { set } = useNodeField(doc, node.id);
  const fieldId = (name: string) => `node-${node.id}-${name}`;
  const text = typeof node.data.text === 'string' ? node.data.text : '';

  const remove = () => {
    removeNode(doc, node.id, USER_ORIGIN);
    setSelection(EMPTY_SELECTION);
  };

  return (
    <section
      className="panel inspector"
      aria-labelledby="inspector-title"
      data-testid="node-inspector"
      data-node-id={node.id}
    >
      <header className="panel__header">
        <h2 id="inspector-title" className="panel__title">
          {KIND_LABEL[node.type]} settings
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
          onChange={(event) => set('label', event.target.value)}
        />
      </div>

      {node.type === 'agent' && (
        <AgentSettings doc={doc} node={node} graph={graph} problems={problems} readOnly={readOnly} />
      )}
      {node.type === 'router' && (
        <RouterSettings doc={doc} node={node} graph={graph} problems={problems} readOnly={readOnly} />
      )}
      {node.type === 'input' && <InputSettings doc={doc} node={node} readOnly={readOnly} />}
      {node.type === 'http' && (
        <HttpSettings doc={doc} node={node} graph={graph} problems={problems} readOnly={readOnly} />
      )}
      {node.type === 'output' && (
        <p className="field__hint">
          Collects what its connected nodes produce; the run’s result is its text.
        </p>
      )}
      {node.type === 'note' && (
        <div className="field">
          <label className="field__label" htmlFor={fieldId('text')}>
            Text
          </label>
          <textarea
            id={fieldId('text')}
            className="field__input field__textarea"
            rows={5}
            readOnly={readOnly}
            value={text}
            data-testid="note-text-input"
            onChange={(event) => set('text', event.target.value)}
          />
          <p className="field__hint">Notes are for people: they never run and cannot be connected.</p>
        </div>
      )}

      <p className="inspector__id">
        Node id <code>{node.id}</code>
      </p>
    </section>
  );
}
