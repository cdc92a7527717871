import * as Y from 'yjs';
import { isValidId } from './docNames';
import type { TxOrigin } from './origins';
import { readEntries, readField, readFiniteNumber, readString } from './readUntrusted';
import { MAP_ITEM_STATUSES, type MapItemRun, runMaps, updateNodeRun } from './runDoc';

// Per-item state of a Map node in the run document (docs/document-schema.md §6, since run schema 2):
//   nodes[<node-id>].items: Y.Map<"<index>", { status, attempt, startedAt?, finishedAt?, output?,
//                                              error?, errorCode? }>
// One entry per item, written whole (the runner is the only writer), so a 20-item map with 4 in
// flight sends one small update per item change rather than the whole list.

/** Each item's shown output is cut here: the node's full output (the JSON array) holds it all. */
export const MAP_ITEM_SHOWN_OUTPUT = 2_000;

const ITEMS_KEY = 'items';

function nodeEntry(doc: Y.Doc, nodeId: string, origin: TxOrigin): Y.Map<unknown> {
  if (!isValidId(nodeId)) throw new RangeError(`invalid node id ${JSON.stringify(nodeId)}`);
  let entry = runMaps(doc).nodes.get(nodeId);
  if (!(entry instanceof Y.Map)) {
    updateNodeRun(doc, nodeId, {}, origin);
    entry = runMaps(doc).nodes.get(nodeId);
  }
  return entry as Y.Map<unknown>;
}

/** Replaces the node's items with `count` queued ones (a restarted node starts its items over). */
export function startMapItems(doc: Y.Doc, nodeId: string, count: number, origin: TxOrigin): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`invalid item count ${count}`);
  doc.transact(() => {
    const items = new Y.Map<unknown>();
    nodeEntry(doc, nodeId, origin).set(ITEMS_KEY, items);
    for (let index = 0; index < count; index++) items.set(String(index), { status: 'queued', attempt: 0 });
  }, origin);
}

/** Merges a patch into one item; `undefined` deletes an optional field. */
export function updateMapItem(
  doc: Y.Doc,
  nodeId: string,
  index: number,
  patch: Partial<Omit<MapItemRun, 'index'>>,
  origin: TxOrigin,
): void {
  if (patch.status !== undefined && !MAP_ITEM_STATUSES.includes(patch.status))
    throw new RangeError(`invalid item status ${JSON.stringify(patch.status)}`);
  doc.transact(() => {
    const items = nodeEntry(doc, nodeId, origin).get(ITEMS_KEY);
    if (!(items instanceof Y.Map)) throw new Error(`node ${nodeId} has no map items`);
    const key = String(index);
    const current = items.get(key);
    if (current === undefined) throw new RangeError(`node ${nodeId} has no item ${index}`);
    const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) delete next[field];
      else next[field] = field === 'output' ? String(value).slice(0, MAP_ITEM_SHOWN_OUTPUT) : value;
    }
    items.set(key, next);
  }, origin);
}

/** A node run's items in index order; undefined when it has none (every node but a map). */
export function readMapItems(entry: unknown): MapItemRun[] | undefined {
  const raw = readField(entry, ITEMS_KEY);
  if (raw === undefined || raw === null) return undefined;
  const out: MapItemRun[] = [];
  for (const [key, value] of readEntries(raw)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0) continue;
    const status = MAP_ITEM_STATUSES.find((s) => s === readField(value, 'status')) ?? 'queued';
    const attempt = readFiniteNumber(readField(value, 'attempt'));
    const item: MapItemRun = { index, status, attempt: attempt !== undefined && attempt >= 0 ? attempt : 0 };
    for (const field of ['startedAt', 'finishedAt'] as const) {
      const n = readFiniteNumber(readField(value, field));
      if (n !== undefined) item[field] = n;
    }
    for (const field of ['output', 'error', 'errorCode'] as const) {
      const s = readField(value, field);
      if (typeof s === 'string') item[field] = readString(s, '');
    }
    out.push(item);
  }
  return out.sort((a, b) => a.index - b.index);
}
