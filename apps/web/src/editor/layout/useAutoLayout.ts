import { moveNode, type Position, USER_ORIGIN, type WorkflowGraph } from '@synapse/schema';
import { useReactFlow } from '@xyflow/react';
import { type RefObject, useCallback, useRef } from 'react';
import type * as Y from 'yjs';
import { layoutPreviewAtom, useSetAtom } from '../../state/atoms';
import { READABLE_FIT_VIEW } from '../canvas/readableFitView';
import type { UndoControls } from '../commands/useUndoManager';
import { sourceHandlesOf } from '../diagnostics/diagnoseGraph';
import { editorWorker } from './editorWorkerClient';
import { interpolatePositions } from './interpolatePositions';
import type { LayoutInput } from './layoutWithElk';

export const LAYOUT_ANIMATION_MS = 300;
const DEFAULT_SIZE = { width: 220, height: 80 };

function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Plays `from → to` over the animation time, frame by frame, into `show`. */
function animate(
  from: ReadonlyMap<string, Position>,
  to: ReadonlyMap<string, Position>,
  show: (positions: Map<string, Position>) => void,
): Promise<void> {
  if (prefersReducedMotion()) return Promise.resolve();
  return new Promise((resolve) => {
    const start = performance.now();
    const frame = (now: number) => {
      const t = Math.min(1, (now - start) / LAYOUT_ANIMATION_MS);
      show(interpolatePositions(from, to, t));
      if (t < 1) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
}

/**
 * Auto-layout: ELK runs in the worker, the canvas animates to the result without touching the
 * document, then the final positions are written in ONE transaction — one undo step restores the
 * previous layout, and collaborators get one update instead of a stream of frames.
 */
export function useAutoLayout(
  doc: Y.Doc,
  graphRef: RefObject<WorkflowGraph>,
  undo: UndoControls,
  readOnly: boolean,
): () => Promise<void> {
  const flow = useReactFlow();
  const setPreview = useSetAtom(layoutPreviewAtom);
  const running = useRef(false);

  return useCallback(async () => {
    const graph = graphRef.current;
    if (readOnly || running.current || graph.nodes.length === 0) return;
    running.current = true;
    try {
      const input: LayoutInput = {
        nodes: graph.nodes.map((node) => {
          const measured = flow.getNode(node.id)?.measured;
          return {
            id: node.id,
            width: measured?.width ?? DEFAULT_SIZE.width,
            height: measured?.height ?? DEFAULT_SIZE.height,
            position: node.position,
            sourceHandles: sourceHandlesOf(node),
          };
        }),
        edges: graph.edges.map((e) => ({
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: e.sourceHandle,
        })),
      };
      const target = new Map(Object.entries(await editorWorker().layout(input)));
      const from = new Map(graphRef.current.nodes.map((n) => [n.id, n.position]));
      await animate(from, target, setPreview);
      undo.startStep();
      doc.transact(() => {
        for (const [id, position] of target) moveNode(doc, id, position, USER_ORIGIN);
      }, USER_ORIGIN);
      undo.startStep();
    } finally {
      setPreview(null);
      running.current = false;
    }
    await flow.fitView({ ...READABLE_FIT_VIEW, duration: LAYOUT_ANIMATION_MS });
  }, [doc, graphRef, undo, readOnly, flow, setPreview]);
}
