import {
  addNode,
  applyPaste,
  connect,
  disconnect,
  moveNode,
  type Position,
  parseClipboardPayload,
  planPaste,
  removeNode,
  toClipboardPayload,
  USER_ORIGIN,
  type WorkflowGraph,
} from '@synapse/schema';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import type * as Y from 'yjs';
import {
  EMPTY_SELECTION,
  editorNoticeAtom,
  notice,
  type Selection,
  selectionAtom,
  shortcutHelpOpenAtom,
  snapToGridAtom,
  useAtomValue,
  useSetAtom,
} from '../../state/atoms';
import { READABLE_FIT_VIEW } from '../canvas/readableFitView';
import { pasteTarget } from '../clipboard/pasteTarget';
import type { GraphDiagnostics } from '../diagnostics/diagnoseGraph';
import { useAutoLayout } from '../layout/useAutoLayout';
import { newNodeFromPalette, type PaletteItem } from '../palette/paletteItems';
import { placeFromPalette } from '../palette/placeFromPalette';
import type { UndoControls } from './useUndoManager';

// Roughly half a rendered card, so a node added "at the centre" is centred, not its corner.
const HALF_NODE = { x: 110, y: 40 };

export interface EditorCommands {
  addFromPalette(item: PaletteItem, at?: Position): void;
  deleteSelection(): void;
  /** The selection as clipboard text, or null when nothing is selected. */
  copySelection(): string | null;
  cutSelection(): string | null;
  /** Pastes clipboard text; false when it is not Synapse content (let the browser handle it). */
  paste(text: string): boolean;
  duplicate(): void;
  selectAll(): void;
  clearSelection(): void;
  nudge(dx: number, dy: number): void;
  undo(): void;
  redo(): void;
  autoLayout(): Promise<void>;
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  toggleSnap(): void;
  openHelp(): void;
  removeDanglingEdges(): void;
}

/**
 * Every editing action as one function, shared by the keyboard, the clipboard events, the palette
 * and the toolbar. Each one that changes the document is one USER_ORIGIN transaction and starts a
 * fresh undo step.
 */
export function useEditorCommands(
  doc: Y.Doc,
  diagnostics: GraphDiagnostics,
  undo: UndoControls,
  readOnly: boolean,
): EditorCommands {
  const flow = useReactFlow();
  const store = useStoreApi();
  const selection = useAtomValue(selectionAtom);
  const setSelection = useSetAtom(selectionAtom);
  const setNotice = useSetAtom(editorNoticeAtom);
  const setHelpOpen = useSetAtom(shortcutHelpOpenAtom);
  const setSnap = useSetAtom(snapToGridAtom);
  // Commands read the latest state through refs, so their identity stays stable for listeners.
  const latest = useRef({ graph: diagnostics.graph, diagnostics, selection, undo });
  latest.current = { graph: diagnostics.graph, diagnostics, selection, undo };
  const graphRef = useRef<WorkflowGraph>(diagnostics.graph);
  graphRef.current = diagnostics.graph;
  const pasteRepeat = useRef({ text: '', count: 0 });
  const lastNudge = useRef(0);
  const autoLayout = useAutoLayout(doc, graphRef, undo, readOnly);

  return useMemo(() => {
    const viewportCentre = (): Position => {
      const { width, height, transform } = store.getState();
      const [tx, ty, zoom] = transform;
      return { x: (width / 2 - tx) / zoom, y: (height / 2 - ty) / zoom };
    };
    // A node placed beside a crowd may land off screen: bring it into view rather than lose it.
    const revealIfHidden = (at: Position) => {
      const { width, height, transform } = store.getState();
      const [tx, ty, zoom] = transform;
      const left = at.x * zoom + tx;
      const top = at.y * zoom + ty;
      const inside =
        left >= 0 &&
        top >= 0 &&
        left + 2 * HALF_NODE.x * zoom <= width &&
        top + 2 * HALF_NODE.y * zoom <= height;
      if (!inside) void flow.setCenter(at.x + HALF_NODE.x, at.y + HALF_NODE.y, { zoom, duration: 200 });
    };
    const select = (nodes: string[]) => setSelection({ nodes: [...nodes].sort(), edges: [] });
    const write = (fn: () => void) => {
      latest.current.undo.startStep();
      doc.transact(fn, USER_ORIGIN);
    };
    const copy = (): string | null => {
      const { graph, selection: sel } = latest.current;
      if (sel.nodes.length === 0) return null;
      return JSON.stringify(toClipboardPayload(graph, sel.nodes));
    };
    const remove = (sel: Selection) => {
      write(() => {
        for (const id of sel.edges) disconnect(doc, id, USER_ORIGIN);
        for (const id of sel.nodes) removeNode(doc, id, USER_ORIGIN);
      });
      setSelection(EMPTY_SELECTION);
    };
    const pasteText = (text: string, at?: Position): boolean => {
      const parsed = parseClipboardPayload(text);
      if (!parsed.ok) {
        if (parsed.reason !== 'not_synapse') {
          const why = parsed.reason === 'too_large' ? 'it is too large' : 'it comes from a newer Synapse';
          setNotice(notice('error', `Cannot paste these nodes: ${why}.`));
        }
        return parsed.reason !== 'not_synapse';
      }
      if (readOnly || parsed.payload.nodes.length === 0) return true;
      const repeat = pasteRepeat.current.text === text ? pasteRepeat.current.count + 1 : 1;
      pasteRepeat.current = { text, count: repeat };
      const target = at ?? pasteTarget(parsed.payload, latest.current.graph, viewportCentre(), repeat);
      const plan = planPaste(parsed.payload, { at: target });
      latest.current.undo.startStep();
      select(applyPaste(doc, plan, USER_ORIGIN));
      return true;
    };

    return {
      addFromPalette(item, at) {
        if (readOnly) return;
        const centre = viewportCentre();
        // Dropped: where the pointer let go. Clicked: next to the selected node, connected from it.
        const placement = at
          ? {
              position: { x: Math.round(at.x - HALF_NODE.x), y: Math.round(at.y - HALF_NODE.y) },
              connectFrom: null,
            }
          : placeFromPalette(item.type, latest.current.graph, latest.current.selection.nodes, {
              x: centre.x - HALF_NODE.x,
              y: centre.y - HALF_NODE.y,
            });
        let added = '';
        // Node and connection in one transaction: one undo step takes both back.
        write(() => {
          added = addNode(doc, newNodeFromPalette(item, placement.position), USER_ORIGIN);
          if (placement.connectFrom) connect(doc, { ...placement.connectFrom, target: added }, USER_ORIGIN);
        });
        select([added]);
        revealIfHidden(placement.position);
      },
      deleteSelection() {
        if (!readOnly) remove(latest.current.selection);
      },
      copySelection: copy,
      cutSelection() {
        const text = copy();
        if (text && !readOnly) remove(latest.current.selection);
        return text;
      },
      paste: (text) => pasteText(text),
      duplicate() {
        const text = copy();
        if (!text || readOnly) return;
        const { graph, selection: sel } = latest.current;
        const chosen = graph.nodes.filter((n) => sel.nodes.includes(n.id));
        const x = Math.min(...chosen.map((n) => n.position.x));
        const y = Math.min(...chosen.map((n) => n.position.y));
        pasteText(text, { x: x + 40, y: y + 40 });
      },
      selectAll() {
        const { graph } = latest.current;
        setSelection({ nodes: graph.nodes.map((n) => n.id), edges: graph.edges.map((e) => e.id) });
      },
      clearSelection: () => setSelection(EMPTY_SELECTION),
      nudge(dx, dy) {
        const { graph, selection: sel, undo: u } = latest.current;
        if (readOnly || sel.nodes.length === 0) return;
        // Holding an arrow key is one undo step; a pause starts a new one.
        const now = performance.now();
        if (now - lastNudge.current > 600) u.startStep();
        lastNudge.current = now;
        doc.transact(() => {
          for (const node of graph.nodes) {
            if (!sel.nodes.includes(node.id)) continue;
            moveNode(doc, node.id, { x: node.position.x + dx, y: node.position.y + dy }, USER_ORIGIN);
          }
        }, USER_ORIGIN);
      },
      undo: () => latest.current.undo.undo(),
      redo: () => latest.current.undo.redo(),
      autoLayout,
      fitView: () => void flow.fitView({ ...READABLE_FIT_VIEW, duration: 200 }),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      toggleSnap: () => setSnap((on) => !on),
      openHelp: () => setHelpOpen(true),
      removeDanglingEdges() {
        const { danglingEdges } = latest.current.diagnostics;
        if (readOnly || danglingEdges.length === 0) return;
        write(() => {
          for (const edge of danglingEdges) disconnect(doc, edge.id, USER_ORIGIN);
        });
      },
    };
  }, [doc, readOnly, store, flow, setSelection, setNotice, setHelpOpen, setSnap, autoLayout]);
}
