import { connect, disconnect, moveNode, type NodeRunState, removeNode, USER_ORIGIN } from '@synapse/schema';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionLineType,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  type OnSelectionChangeParams,
  ReactFlow,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { WorkflowView } from '../hooks/useWorkflowView';
import { editorNoticeAtom, selectedNodeIdAtom, useAtom, useSetAtom } from '../state/atoms';
import { toFlowEdges, toFlowNodes, type WorkflowFlowNode } from './toFlowElements';
import { WorkflowEdge } from './WorkflowEdge';
import { WorkflowNode } from './WorkflowNode';

const nodeTypes = { workflow: WorkflowNode };
const edgeTypes = { workflow: WorkflowEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
let noticeSeq = 0;

interface WorkflowCanvasProps {
  doc: Y.Doc;
  view: WorkflowView;
  runNodes: Record<string, NodeRunState> | null;
  readOnly: boolean;
}

export function WorkflowCanvas({ doc, view, runNodes, readOnly }: WorkflowCanvasProps) {
  const [nodes, setNodes] = useState<WorkflowFlowNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const [selectedId, setSelectedId] = useAtom(selectedNodeIdAtom);
  const setNotice = useSetAtom(editorNoticeAtom);
  const cycleSet = useMemo(() => new Set(view.cycleEdges), [view.cycleEdges]);

  useEffect(() => {
    setNodes((prev) => toFlowNodes(view.graph.nodes, runNodes, prev));
  }, [view.graph.nodes, runNodes]);

  useEffect(() => {
    setEdges((prev) => toFlowEdges(view.graph.edges, cycleSet, runNodes, prev));
  }, [view.graph.edges, cycleSet, runNodes]);

  // Selection made outside the canvas (e.g. "Add agent" selects the new node) reaches React Flow here.
  useEffect(() => {
    if (!selectedId) return;
    setNodes((prev) =>
      prev.some((n) => n.id === selectedId && !n.selected) ||
      prev.some((n) => n.id !== selectedId && n.selected)
        ? prev.map((n) =>
            n.selected === (n.id === selectedId) ? n : { ...n, selected: n.id === selectedId },
          )
        : prev,
    );
  }, [selectedId]);

  // Removals go through the document (onDelete); everything else here is local canvas state.
  const onNodesChange = useCallback((changes: NodeChange<WorkflowFlowNode>[]) => {
    setNodes((prev) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        prev,
      ),
    );
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((prev) =>
      applyEdgeChanges(
        changes.filter((c) => c.type !== 'remove'),
        prev,
      ),
    );
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: WorkflowFlowNode, dragged: WorkflowFlowNode[]) => {
      doc.transact(() => {
        for (const node of dragged) {
          moveNode(
            doc,
            node.id,
            { x: Math.round(node.position.x), y: Math.round(node.position.y) },
            USER_ORIGIN,
          );
        }
      }, USER_ORIGIN);
    },
    [doc],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
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
      if (!result.ok) {
        noticeSeq += 1;
        setNotice({ id: noticeSeq, tone: 'error', text: result.message });
      }
    },
    [doc, setNotice],
  );

  const onDelete = useCallback(
    ({ nodes: deletedNodes, edges: deletedEdges }: { nodes: WorkflowFlowNode[]; edges: Edge[] }) => {
      doc.transact(() => {
        for (const edge of deletedEdges) disconnect(doc, edge.id, USER_ORIGIN);
        for (const node of deletedNodes) removeNode(doc, node.id, USER_ORIGIN);
      }, USER_ORIGIN);
      if (deletedNodes.some((n) => n.id === selectedId)) setSelectedId(null);
    },
    [doc, selectedId, setSelectedId],
  );

  const onSelectionChange = useCallback(
    ({ nodes: selected }: OnSelectionChangeParams) => {
      setSelectedId(selected.length === 1 && selected[0] ? selected[0].id : null);
    },
    [setSelectedId],
  );

  return (
    <ReactFlow<WorkflowFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      connectionLineType={ConnectionLineType.SmoothStep}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onDelete={onDelete}
      onSelectionChange={onSelectionChange}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      colorMode="system"
      fitView
      fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
      minZoom={0.2}
      maxZoom={2}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
      <Controls showInteractive={false} />
      {nodes.length > 0 && <MiniMap pannable zoomable className="wf-minimap" />}
    </ReactFlow>
  );
}
