import type { GraphEdge, GraphNode, WorkflowGraph } from './graphTypes';
import { normalizeGraph } from './normalizeGraph';
import { isPlainRecord, toPlainValue } from './readUntrusted';

// What Synapse puts on the system clipboard, so nodes can be copied between workflows, tabs and
// browsers (or produced by another tool). The version only ever goes up; a reader refuses versions it
// does not know rather than guessing.

export const CLIPBOARD_FORMAT = 'synapse.clipboard';
export const CLIPBOARD_VERSION = 1;

/** Past this, a paste is refused: clipboard text is untrusted and parsing it must stay cheap. */
export const MAX_CLIPBOARD_CHARS = 8 * 1024 * 1024;
export const MAX_CLIPBOARD_NODES = 2000;

export interface ClipboardPayload {
  format: typeof CLIPBOARD_FORMAT;
  version: typeof CLIPBOARD_VERSION;
  /** Plain nodes as readers derive them (prompts as strings). */
  nodes: GraphNode[];
  /** Only edges whose two endpoints are among `nodes`. */
  edges: GraphEdge[];
}

export type ClipboardParse =
  | { ok: true; payload: ClipboardPayload }
  | { ok: false; reason: 'not_synapse' | 'unsupported_version' | 'too_large' };

/** The selected nodes of a graph and the edges between them, ready for `JSON.stringify`. */
export function toClipboardPayload(graph: WorkflowGraph, nodeIds: Iterable<string>): ClipboardPayload {
  const wanted = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => wanted.has(n.id));
  const kept = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return {
    format: CLIPBOARD_FORMAT,
    version: CLIPBOARD_VERSION,
    nodes: toPlainValue(nodes) as GraphNode[],
    edges: toPlainValue(edges) as GraphEdge[],
  };
}

/**
 * Reads clipboard text. Anything that is not a Synapse payload is `not_synapse` (the caller lets the
 * paste through as text); nodes and edges go through the tolerant readers, so a hand-edited or
 * foreign payload yields well-typed nodes, and edges to nodes outside the payload are dropped.
 */
export function parseClipboardPayload(text: string): ClipboardParse {
  if (typeof text !== 'string' || !text.includes(CLIPBOARD_FORMAT))
    return { ok: false, reason: 'not_synapse' };
  if (text.length > MAX_CLIPBOARD_CHARS) return { ok: false, reason: 'too_large' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_synapse' };
  }
  if (!isPlainRecord(raw) || raw.format !== CLIPBOARD_FORMAT) return { ok: false, reason: 'not_synapse' };
  if (raw.version !== CLIPBOARD_VERSION) return { ok: false, reason: 'unsupported_version' };
  if (Array.isArray(raw.nodes) && raw.nodes.length > MAX_CLIPBOARD_NODES)
    return { ok: false, reason: 'too_large' };
  const graph = normalizeGraph({ name: '', nodes: raw.nodes, edges: raw.edges });
  const ids = new Set(graph.nodes.map((n) => n.id));
  return {
    ok: true,
    payload: {
      format: CLIPBOARD_FORMAT,
      version: CLIPBOARD_VERSION,
      nodes: graph.nodes,
      edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    },
  };
}
