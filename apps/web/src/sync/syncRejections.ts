// Documents whose sync the server refused in this session (see classifyClose). Their providers are
// stopped, so the refused change is not sent again in a loop; they stay editable on this device, and
// the banner offers a copy to download. A reload tries once more.

export interface SyncRejection {
  name: string;
  /** Plain-words reason for people. */
  message: string;
  /** The server's own reason and close code, for a bug report. */
  detail: string;
  at: number;
  /** There are local edits the server did not take: the banner offers a copy. */
  localWork: boolean;
  dismissed: boolean;
}

const rejections = new Map<string, SyncRejection>();
const listeners = new Set<() => void>();
let snapshot: SyncRejection[] = [];

function publish(): void {
  snapshot = [...rejections.values()].sort((a, b) => a.at - b.at);
  for (const listener of listeners) listener();
}

export function recordRejection(
  name: string,
  message: string,
  detail: string,
  localWork: boolean,
  at = Date.now(),
): void {
  rejections.set(name, { name, message, detail, at, localWork, dismissed: false });
  publish();
}

/** Found out later (IndexedDB) that the refused document holds local edits. */
export function markLocalWork(name: string): void {
  const current = rejections.get(name);
  if (!current || current.localWork) return;
  rejections.set(name, { ...current, localWork: true });
  publish();
}

export function isRejected(name: string): boolean {
  return rejections.has(name);
}

export function rejectionOf(name: string): SyncRejection | null {
  return rejections.get(name) ?? null;
}

/** Hides the banner; the document stays stopped until the page is reloaded. */
export function dismissRejection(name: string): void {
  const current = rejections.get(name);
  if (!current || current.dismissed) return;
  rejections.set(name, { ...current, dismissed: true });
  publish();
}

export function getRejections(): SyncRejection[] {
  return snapshot;
}

export function subscribeRejections(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
