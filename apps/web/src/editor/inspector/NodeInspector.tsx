import {
  type GraphNode,
  nodeDefinition,
  removeNode,
  type UnknownReference,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import type * as Y from 'yjs';
import { EMPTY_SELECTION, selectionAtom, useSetAtom } from '../../state/atoms';
import { NodeKeyField } from './NodeKeyField';
import { NODE_SETTINGS } from './nodeSettings';
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
  const Settings = NODE_SETTINGS[node.type];

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
          {nodeDefinition(node.type).title} settings
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

      {nodeDefinition(node.type).executable && (
        <NodeKeyField doc={doc} node={node} graph={graph} readOnly={readOnly} />
      )}

      <Settings doc={doc} node={node} graph={graph} problems={problems} readOnly={readOnly} />

      <p className="inspector__id">
        Node id <code>{node.id}</code>
      </p>
    </section>
  );
}
