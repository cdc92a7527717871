import { synapseDb } from './synapseDb';

// Local changes live in IndexedDB, but a document only syncs while a provider is attached to it. A
// workflow created or renamed offline and then closed would never reach the server (and nobody else
// could open it), so documents with unacknowledged changes are remembered here and uploaded in the
// background when a connection exists (uploadPendingDocuments).

const marked = new Set<string>();
// Names whose mark from an earlier session (if any) has already been cleared.
const checked = new Set<string>();

/** Remembers that `name` has local changes; one write per clean → dirty transition. */
export function markPending(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  synapseDb()
    .pending.put({ name, since: Date.now() })
    .catch(() => marked.delete(name));
}

/** The server acknowledged everything: forget the mark (one delete per session for older marks). */
export function clearPending(name: string): void {
  if (marked.has(name)) marked.delete(name);
  else if (checked.has(name)) return;
  checked.add(name);
  synapseDb()
    .pending.delete(name)
    .catch(() => undefined);
}

/** Whether `name` has local changes the server has not acknowledged, as far as IndexedDB knows. */
export async function hasPending(name: string): Promise<boolean> {
  if (marked.has(name)) return true;
  return (await synapseDb().pending.get(name)) !== undefined;
}

export async function listPending(): Promise<string[]> {
  const rows = await synapseDb().pending.toArray();
  return rows.map((row) => row.name);
}
