import { type OpenOptions, openDocument, type SyncedDocument } from './openDocument';

export interface DocumentLease {
  ready: Promise<SyncedDocument>;
  release(): void;
}

interface Entry {
  refs: number;
  ready: Promise<SyncedDocument>;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

// Keep a released document open briefly: React StrictMode re-mounts, and "New workflow" hands the
// freshly initialised document straight to the editor. Two providers for one name on one socket
// would also be refused by Hocuspocus, so sharing is required, not just cheaper.
const CLOSE_GRACE_MS = 3_000;

const entries = new Map<string, Entry>();

/** Ref-counted access to one `SyncedDocument` per name per tab. */
export function acquireDocument(name: string, options: OpenOptions): DocumentLease {
  let entry = entries.get(name);
  if (!entry) {
    const ready = openDocument(name, options);
    const created: Entry = { refs: 0, ready, closeTimer: null };
    ready.catch(() => {
      if (entries.get(name) === created) entries.delete(name);
    });
    entries.set(name, created);
    entry = created;
  }
  const current = entry;
  current.refs += 1;
  if (current.closeTimer) {
    clearTimeout(current.closeTimer);
    current.closeTimer = null;
  }
  let released = false;
  return {
    ready: current.ready,
    release() {
      if (released) return;
      released = true;
      current.refs -= 1;
      if (current.refs > 0) return;
      current.closeTimer = setTimeout(() => {
        if (current.refs > 0 || entries.get(name) !== current) return;
        entries.delete(name);
        current.ready.then((synced) => synced.close()).catch(() => undefined);
      }, CLOSE_GRACE_MS);
    },
  };
}
