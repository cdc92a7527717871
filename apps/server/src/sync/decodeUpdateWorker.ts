// Runs in a worker thread: decodes untrusted Yjs updates, so a crafted update that loops forever or
// allocates without bound (yjs#687, yjs#498) costs a worker that is killed at a deadline, never the server.
// Plain, type-strippable TypeScript: Node loads this file directly.
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import type { ContentKind, DecodeResult, ItemSummary, StructId } from './updateSummary';

/** Marks the pool's workers, so importing this module elsewhere (tests) attaches no listener. */
export const DECODE_WORKER_ROLE = 'synapse-decode-update';

function idOf(id: { client: number; clock: number } | null): StructId | null {
  return id ? [id.client, id.clock] : null;
}

function kindOf(content: unknown): ContentKind {
  if (content instanceof Y.ContentAny) return 'any';
  if (content instanceof Y.ContentString) return 'string';
  if (content instanceof Y.ContentDeleted) return 'deleted';
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if (type instanceof Y.XmlText || type instanceof Y.XmlElement || type instanceof Y.XmlFragment)
      return 'xml';
    if (type instanceof Y.XmlHook) return 'xml';
    if (type instanceof Y.Map) return 'map';
    if (type instanceof Y.Text) return 'text';
    if (type instanceof Y.Array) return 'array';
    return 'xml';
  }
  if (content instanceof Y.ContentBinary) return 'binary';
  if (content instanceof Y.ContentEmbed) return 'embed';
  if (content instanceof Y.ContentFormat) return 'format';
  if (content instanceof Y.ContentJSON) return 'json';
  return 'doc';
}

/** Decodes an update into plain summaries (exported for tests; the pool runs it in a worker). */
export function summarizeUpdate(update: Uint8Array): DecodeResult {
  const { structs, ds } = Y.decodeUpdate(update);
  const items: ItemSummary[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent as unknown;
    const content = kindOf(struct.content);
    const summary: ItemSummary = {
      id: [struct.id.client, struct.id.clock],
      length: struct.length,
      parent:
        typeof parent === 'string'
          ? parent
          : parent
            ? idOf(parent as { client: number; clock: number })
            : null,
      parentSub: struct.parentSub,
      origin: idOf(struct.origin),
      rightOrigin: idOf(struct.rightOrigin),
      content,
    };
    if (content === 'any') summary.values = (struct.content as Y.ContentAny).arr;
    if (content === 'string') summary.text = (struct.content as Y.ContentString).str;
    items.push(summary);
  }
  let deletes = 0;
  for (const entries of ds.clients.values()) {
    for (const entry of entries) {
      // Yjs accepts an empty deletion range when decoding, then fails while encoding the transaction's
      // update for its listeners — after the rest of the update was applied. Refuse it here.
      if (!(entry.len >= 1) || !(entry.clock >= 0))
        return { ok: false, reason: 'empty or negative deletion range' };
    }
    deletes += entries.length;
  }
  if (items.some((item) => !(item.length >= 1))) return { ok: false, reason: 'empty item' };
  return { ok: true, items, deletes };
}

if ((workerData as { role?: string } | null)?.role === DECODE_WORKER_ROLE) {
  parentPort?.on('message', (message: { id: number; update: Uint8Array }) => {
    let result: DecodeResult;
    try {
      result = summarizeUpdate(message.update);
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage({ id: message.id, result });
  });
  parentPort?.postMessage({ ready: true });
}
