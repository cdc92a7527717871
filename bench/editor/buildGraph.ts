import { addNode, connect, initWorkflowDoc, moveNode, USER_ORIGIN, workflowMaps } from '@synapse/schema';
import * as Y from 'yjs';

export const COLUMNS = 25;
export const ROWS = 20;
const DX = 300;
const DY = 180;

export interface BenchGraph {
  doc: Y.Doc;
  nodeIds: string[];
  edgeCount: number;
}

/**
 * A 500-node / 600-edge workflow: a 25 × 20 grid of agents with short prompts, each row a chain
 * (480 edges) plus 120 edges down to the next row. Every edge points right or down, so no cycle.
 */
export function buildGraph(): BenchGraph {
  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name: 'Bench: 500 agents' }, USER_ORIGIN);
  const nodeIds: string[] = [];
  doc.transact(() => {
    for (let row = 0; row < ROWS; row++) {
      for (let col = 0; col < COLUMNS; col++) {
        const i = row * COLUMNS + col;
        nodeIds.push(
          addNode(
            doc,
            {
              id: `n${String(i).padStart(3, '0')}`,
              type: 'agent',
              position: { x: col * DX, y: row * DY },
              data: {
                label: `Agent ${i + 1}`,
                systemPrompt: `You are agent ${i + 1}. Summarise what you receive in two sentences, citing sources.`,
              },
            },
            USER_ORIGIN,
          ),
        );
      }
    }
    let edges = 0;
    for (let row = 0; row < ROWS; row++) {
      for (let col = 0; col + 1 < COLUMNS; col++) {
        const from = nodeIds[row * COLUMNS + col] as string;
        const to = nodeIds[row * COLUMNS + col + 1] as string;
        if (connect(doc, { source: from, target: to }, USER_ORIGIN).ok) edges += 1;
      }
    }
    for (let row = 0; row + 1 < ROWS && edges < 600; row++) {
      for (let col = 0; col < COLUMNS && edges < 600; col += 4) {
        const from = nodeIds[row * COLUMNS + col] as string;
        const to = nodeIds[(row + 1) * COLUMNS + col] as string;
        if (connect(doc, { source: from, target: to }, USER_ORIGIN).ok) edges += 1;
      }
    }
  }, USER_ORIGIN);
  return { doc, nodeIds, edgeCount: workflowMaps(doc).edges.size };
}

/** Moves `ids` by `dx` in one transaction (one update, as a remote drag of a selection sends). */
export function moveBatch(
  doc: Y.Doc,
  ids: readonly string[],
  dx: number,
): Record<string, { x: number; y: number }> {
  const targets: Record<string, { x: number; y: number }> = {};
  const { nodes } = workflowMaps(doc);
  doc.transact(() => {
    for (const id of ids) {
      const position = nodes.get(id)?.get('position') as { x: number; y: number };
      const next = { x: position.x + dx, y: position.y };
      moveNode(doc, id, next, USER_ORIGIN);
      targets[id] = next;
    }
  }, USER_ORIGIN);
  return targets;
}
