import { WebSocketStatus } from '@hocuspocus/provider';
import { parseDocName } from '@synapse/schema';
import { acquireDocument } from './acquireDocument';
import { isOnline } from './onlineStatus';
import { clearPending, listPending } from './pendingDocuments';
import { isRejected } from './syncRejections';
import { syncSocket } from './syncSocket';
import { whenSaved } from './whenSaved';

const UPLOAD_TIMEOUT_MS = 30_000;

let running: Promise<void> | null = null;
let again = false;

async function uploadOne(name: string): Promise<boolean> {
  const lease = acquireDocument(name, { readOnly: false });
  try {
    const synced = await lease.ready;
    await whenSaved(synced, UPLOAD_TIMEOUT_MS);
    const state = synced.getSyncState();
    return state.rejected || (state.synced && state.committed);
  } catch {
    return false;
  } finally {
    lease.release();
  }
}

async function uploadAll(): Promise<void> {
  for (const name of await listPending()) {
    if (!isOnline() || syncSocket().status !== WebSocketStatus.Connected) return;
    const ref = parseDocName(name);
    if (!ref || ref.kind === 'run') {
      clearPending(name);
      continue;
    }
    if (isRejected(name)) continue;
    // Opening the document is the upload: the handshake sends whatever the server lacks, and the
    // provider clears the mark once the server acknowledged it. A timeout leaves the rest for later.
    if (!(await uploadOne(name))) return;
  }
}

/** Uploads every document with unacknowledged local changes, one at a time; coalesces calls. */
export function uploadPendingDocuments(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = uploadAll()
    .catch(() => undefined)
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        void uploadPendingDocuments();
      }
    });
  return running;
}

let started = false;

/** Starts background uploads: now, and whenever the sync socket (re)connects. */
export function startPendingUploads(): void {
  if (started) return;
  started = true;
  syncSocket().on('status', ({ status }: { status: WebSocketStatus }) => {
    if (status === WebSocketStatus.Connected) void uploadPendingDocuments();
  });
  if (syncSocket().status === WebSocketStatus.Connected) void uploadPendingDocuments();
}
