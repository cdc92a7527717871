import type { NodeRunState, Position } from '@synapse/schema';
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  type Edge,
  MiniMap,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type PointerEvent, useEffect, useMemo } from 'react';
import type * as Y from 'yjs';
import { RemoteCursors } from '../../presence/RemoteCursors';
import type { Presence } from '../../presence/usePresence';
import { layoutPreviewAtom, selectionAtom, snapToGridAtom, useAtomValue } from '../../state/atoms';
import type { GraphDiagnostics } from '../diagnostics/diagnoseGraph';
import { PALETTE_DRAG_TYPE, type PaletteItem, paletteItem } from '../palette/paletteItems';
import { nodeProblems, peerDecorations } from './canvasDecorations';
import { READABLE_FIT_VIEW } from './readableFitView';
import type { NodeDecorations, WorkflowFlowNode } from './toFlowElements';
import { useCanvasHandlers } from './useCanvasHandlers';
import { useFlowElements } from './useFlowElements';
import { useSameWhileKey } from './useSameWhileKey';
import { WorkflowEdge } from './WorkflowEdge';
import { WorkflowNode } from './WorkflowNode';

const nodeTypes = { workflow: WorkflowNode };
const edgeTypes = { workflow: WorkflowEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
export const SNAP_GRID: [number, number] = [20, 20];
const NO_DRAGS: ReadonlySet<string> = new Set();

interface WorkflowCanvasProps {
  doc: Y.Doc;
  diagnostics: GraphDiagnostics;
  runNodes: Record<string, NodeRunState> | null;
  runStale: boolean;
  readOnly: boolean;
  presence: Presence;
  startUndoStep: () => void;
  onDropItem: (item: PaletteItem, at: Position) => void;
}

export function WorkflowCanvas(props: WorkflowCanvasProps) {
  const { doc, diagnostics, runNodes, runStale, readOnly, presence, startUndoStep, onDropItem } = props;
  const flow = useReactFlow();
  const selection = useAtomValue(selectionAtom);
  const layoutPreview = useAtomValue(layoutPreviewAtom);
  const snapToGrid = useAtomValue(snapToGridAtom);

  const problems = useMemo(() => nodeProblems(diagnostics), [diagnostics]);
  // Cursor moves arrive up to every frame; only selections and drags change what nodes show.
  const peerKey = JSON.stringify(presence.peers.map((p) => [p.clientId, p.name, p.selection, p.dragging]));
  const peers = useSameWhileKey(
    useMemo(() => peerDecorations(presence.peers, NO_DRAGS), [presence.peers]),
    peerKey,
  );
  const decorations = useMemo<NodeDecorations>(
    () => ({
      runNodes,
      runStale,
      problems,
      peers: peers.marks,
      positions: layoutPreview ? new Map([...peers.positions, ...layoutPreview]) : peers.positions,
    }),
    [runNodes, runStale, problems, peers, layoutPreview],
  );
  const { nodes, edges, onNodesChange, onEdgesChange } = useFlowElements(
    diagnostics,
    decorations,
    runNodes,
    selection,
  );
  const handlers = useCanvasHandlers(doc, presence.setDragging, startUndoStep);

  const { setSelection } = presence;
  useEffect(() => setSelection(selection.nodes), [selection.nodes, setSelection]);

  // Pointer (not mouse) events: React Flow's drag swallows mousemove, so the cursor would freeze mid-drag.
  const onPointerMove = (event: PointerEvent) => {
    presence.setCursor(
      flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }, { snapToGrid: false }),
    );
  };

  const onDragOver = (event: DragEvent) => {
    if (readOnly || !event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    const item = paletteItem(event.dataTransfer.getData(PALETTE_DRAG_TYPE));
    if (readOnly || !item) return;
    event.preventDefault();
    onDropItem(item, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <ReactFlow<WorkflowFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      connectionLineType={ConnectionLineType.SmoothStep}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDrag={handlers.onNodeDrag}
      onNodeDragStop={handlers.onNodeDragStop}
      onConnect={handlers.onConnect}
      onDelete={handlers.onDelete}
      onSelectionChange={handlers.onSelectionChange}
      onPointerMove={onPointerMove}
      onPointerLeave={() => presence.setCursor(null)}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionKeyCode="Shift"
      snapToGrid={snapToGrid}
      snapGrid={SNAP_GRID}
      colorMode="system"
      fitView
      fitViewOptions={READABLE_FIT_VIEW}
      minZoom={0.1}
      maxZoom={2}
      aria-label="Workflow canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={SNAP_GRID} size={1.2} />
      <Controls showInteractive={false} fitViewOptions={READABLE_FIT_VIEW} aria-label="Zoom controls" />
      {nodes.length > 0 && <MiniMap pannable zoomable className="wf-minimap" ariaLabel="Minimap" />}
      <RemoteCursors peers={presence.peers} />
    </ReactFlow>
  );
}
