import type { NodeRunState } from '@synapse/schema';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Selection } from '../../state/atoms';
import type { GraphDiagnostics } from '../diagnostics/diagnoseGraph';
import { type NodeDecorations, toFlowEdges, toFlowNodes, type WorkflowFlowNode } from './toFlowElements';

function withSelection<T extends { id: string; selected?: boolean }>(
  items: T[],
  ids: ReadonlySet<string>,
): T[] {
  let changed = false;
  const next = items.map((item) => {
    const selected = ids.has(item.id);
    if ((item.selected ?? false) === selected) return item;
    changed = true;
    return { ...item, selected };
  });
  return changed ? next : items;
}

/**
 * React Flow's controlled nodes and edges: derived from the document snapshot, merged with local
 * canvas state (selection, measurements, the live drag). Removals never come from here — they go
 * through the document, and the snapshot then drops them.
 */
export function useFlowElements(
  diagnostics: GraphDiagnostics,
  decorations: NodeDecorations,
  runNodes: Record<string, NodeRunState> | null,
  selection: Selection,
) {
  const { graph, cycleEdges, unattachedEdges } = diagnostics;
  const cycleSet = useMemo(() => new Set(cycleEdges), [cycleEdges]);
  // Edges a router branch no longer offers cannot be drawn; the node's badge explains them.
  const drawable = useMemo(() => {
    const hidden = new Set(unattachedEdges.map((e) => e.id));
    return hidden.size === 0 ? graph.edges : graph.edges.filter((e) => !hidden.has(e.id));
  }, [graph.edges, unattachedEdges]);
  const [nodes, setNodes] = useState<WorkflowFlowNode[]>(() => toFlowNodes(graph.nodes, [], decorations));
  const [edges, setEdges] = useState<Edge[]>(() => toFlowEdges(drawable, cycleSet, runNodes, []));

  useEffect(() => {
    setNodes((prev) => toFlowNodes(graph.nodes, prev, decorations));
  }, [graph.nodes, decorations]);

  useEffect(() => {
    setEdges((prev) => toFlowEdges(drawable, cycleSet, runNodes, prev));
  }, [drawable, cycleSet, runNodes]);

  // Selection made outside the canvas (palette, paste, select all, undo) reaches React Flow here.
  useEffect(() => {
    const ids = new Set(selection.nodes);
    setNodes((prev) => withSelection(prev, ids));
  }, [selection.nodes]);
  useEffect(() => {
    const ids = new Set(selection.edges);
    setEdges((prev) => withSelection(prev, ids));
  }, [selection.edges]);

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

  return { nodes, edges, onNodesChange, onEdgesChange };
}
