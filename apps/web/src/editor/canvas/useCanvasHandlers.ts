import { connect, disconnect, moveNode, type Position, removeNode, USER_ORIGIN } from '@synapse/schema';
import type { Connection, Edge, OnSelectionChangeParams } from '@xyflow/react';
import { useCallback } from 'react';
import type * as Y from 'yjs';
import type { Presence } from '../../presence/usePresence';
import { editorNoticeAtom, notice, type Selection, selectionAtom, useSetAtom } from '../../state/atoms';
import type { WorkflowFlowNode } from './toFlowElements';

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function positionsOf(nodes: WorkflowFlowNode[]): Record<string, Position> {
  const out: Record<string, Position> = {};
  for (const node of nodes) out[node.id] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  return out;
}

/** What canvas gestures do to the document (one USER_ORIGIN transaction each) and to presence. */
export function useCanvasHandlers(
  doc: Y.Doc,
  setDragging: Presence['setDragging'],
  startUndoStep: () => void,
) {
  const setSelection = useSetAtom(selectionAtom);
  const setNotice = useSetAtom(editorNoticeAtom);

  const onNodeDrag = useCallback(
    (_event: unknown, _node: WorkflowFlowNode, dragged: WorkflowFlowNode[]) => {
      setDragging(positionsOf(dragged));
    },
    [setDragging],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: WorkflowFlowNode, dragged: WorkflowFlowNode[]) => {
      setDragging(null);
      const moved = positionsOf(dragged);
      startUndoStep();
      doc.transact(() => {
        for (const [id, position] of Object.entries(moved)) moveNode(doc, id, position, USER_ORIGIN);
      }, USER_ORIGIN);
    },
    [doc, setDragging, startUndoStep],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      startUndoStep();
      const result = connect(
        doc,
        {
          source: connection.source,
          target: connection.target,
          sourceHandle: connection.sourceHandle ?? undefined,
          targetHandle: connection.targetHandle ?? undefined,
        },
        USER_ORIGIN,
      );
      if (!result.ok) setNotice(notice('error', result.message));
    },
    [doc, setNotice, startUndoStep],
  );

  const onDelete = useCallback(
    ({ nodes, edges }: { nodes: WorkflowFlowNode[]; edges: Edge[] }) => {
      startUndoStep();
      doc.transact(() => {
        for (const edge of edges) disconnect(doc, edge.id, USER_ORIGIN);
        for (const node of nodes) removeNode(doc, node.id, USER_ORIGIN);
      }, USER_ORIGIN);
    },
    [doc, startUndoStep],
  );

  const onSelectionChange = useCallback(
    ({ nodes, edges }: OnSelectionChangeParams) => {
      const next: Selection = { nodes: nodes.map((n) => n.id).sort(), edges: edges.map((e) => e.id).sort() };
      setSelection((prev) =>
        sameIds(prev.nodes, next.nodes) && sameIds(prev.edges, next.edges) ? prev : next,
      );
    },
    [setSelection],
  );

  return { onNodeDrag, onNodeDragStop, onConnect, onDelete, onSelectionChange };
}
