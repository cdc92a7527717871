import type * as Y from 'yjs';
import { addNode, type NewNode, storableValue } from './addNode';
import type { ClipboardPayload } from './clipboardPayload';
import { connect, type NewEdge } from './connect';
import { isValidId, newId as randomId } from './docNames';
import type { Position } from './graphTypes';
import type { TxOrigin } from './origins';

export interface PastePlan {
  nodes: (NewNode & { id: string })[];
  edges: NewEdge[];
  /** Old node id → new node id. */
  idMap: Map<string, string>;
}

export interface PasteOptions {
  /** Where the top-left corner of the pasted nodes' bounding box lands. */
  at: Position;
  newId?: () => string;
}

/** Only fields `addNode` accepts: a foreign payload with a mistyped known field loses that field. */
function storableData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    try {
      if (storableValue(field, value) !== undefined) out[field] = value;
    } catch {
      // Dropped: the reader default takes its place.
    }
  }
  return out;
}

/**
 * Fresh ids for every pasted node (so a paste never collides with, or resurrects, an existing key),
 * positions moved as a group to `at`, and only the edges between pasted nodes, remapped.
 */
export function planPaste(payload: ClipboardPayload, options: PasteOptions): PastePlan {
  const makeId = options.newId ?? randomId;
  if (payload.nodes.length === 0) return { nodes: [], edges: [], idMap: new Map() };
  const minX = Math.min(...payload.nodes.map((n) => n.position.x));
  const minY = Math.min(...payload.nodes.map((n) => n.position.y));
  const idMap = new Map<string, string>();
  const nodes = payload.nodes.map((node) => {
    const id = makeId();
    idMap.set(node.id, id);
    return {
      id,
      type: node.type,
      position: {
        x: Math.round(node.position.x - minX + options.at.x),
        y: Math.round(node.position.y - minY + options.at.y),
      },
      data: storableData(node.data),
    };
  });
  const edges: NewEdge[] = [];
  for (const edge of payload.edges) {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    if (!source || !target || !isValidId(edge.sourceHandle) || !isValidId(edge.targetHandle)) continue;
    edges.push({ source, target, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle });
  }
  return { nodes, edges, idMap };
}

/** Writes a paste plan as one transaction (one undo step); returns the ids of the new nodes. */
export function applyPaste(doc: Y.Doc, plan: PastePlan, origin: TxOrigin): string[] {
  doc.transact(() => {
    for (const node of plan.nodes) addNode(doc, node, origin);
    // connect refuses what would be invalid here (a cycle copied from a merged graph, say).
    for (const edge of plan.edges) connect(doc, edge, origin);
  }, origin);
  return plan.nodes.map((n) => n.id);
}
