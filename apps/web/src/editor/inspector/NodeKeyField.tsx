import {
  type GraphNode,
  isNodeKey,
  nodeKeysOf,
  setNodeKey,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

interface NodeKeyFieldProps {
  doc: Y.Doc;
  node: GraphNode;
  graph: WorkflowGraph;
  readOnly: boolean;
}

/** Why a key cannot be used, or null when it can. */
function keyProblem(draft: string, node: GraphNode, graph: WorkflowGraph): string | null {
  if (!isNodeKey(draft)) return 'Use lowercase letters, digits and _, starting with a letter (at most 40).';
  const holder = graph.nodes.find((n) => n.id !== node.id && n.data.key === draft);
  return holder ? `${holder.data.label || holder.id} already has this key.` : null;
}

/**
 * The node's key: how other prompts name it (`{{nodes.<key>.output}}`). Renaming the node's label
 * leaves it alone; changing it here rewrites every reference to the node in one undo step.
 */
export function NodeKeyField({ doc, node, graph, readOnly }: NodeKeyFieldProps) {
  const current = nodeKeysOf(graph).get(node.id) ?? '';
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [current]);
  const problem = draft === current ? null : keyProblem(draft, node, graph);
  const id = `node-${node.id}-key`;

  const commit = () => {
    if (draft === current || problem) return;
    setNodeKey(doc, node.id, draft, USER_ORIGIN);
  };

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Key
      </label>
      <input
        id={id}
        className="field__input"
        value={draft}
        readOnly={readOnly}
        maxLength={40}
        spellCheck={false}
        placeholder={node.id}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="node-key-input"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(current);
        }}
      />
      <p id={`${id}-hint`} className={problem ? 'field__error' : 'field__hint'} data-testid="node-key-hint">
        {problem ??
          (current ? (
            <>
              Other prompts use <code>{`{{nodes.${current}.output}}`}</code>; renaming the node keeps it.
            </>
          ) : (
            'No key yet: other prompts refer to this node by its id.'
          ))}
      </p>
    </div>
  );
}
