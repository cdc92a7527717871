import { indexDocName, workflowDocName } from '@synapse/schema';
import { parseRoute } from '../routing/parseRoute';
import { acquireDocument } from './acquireDocument';

// The screen that needs a document is lazily loaded (the editor chunk), and opening the replica
// (IndexedDB, then the sync handshake) does not depend on it: start both at once.
const HOLD_MS = 10_000;

/** Starts opening the documents the first screen will ask for; the screens then share them. */
export function prefetchRouteDocuments(pathname: string): void {
  // "/" lets the home screen pick the workspace; nothing to guess at there.
  if (pathname === '/' || pathname === '') return;
  const route = parseRoute(pathname);
  let names: string[] = [];
  try {
    if (route.name === 'editor') {
      names = [workflowDocName(route.workspaceId, route.workflowId), indexDocName(route.workspaceId)];
    } else if (route.name === 'list') {
      names = [indexDocName(route.workspaceId)];
    }
  } catch {
    return; // a malformed address: the screen shows why
  }
  for (const name of names) {
    const lease = acquireDocument(name, { readOnly: false });
    lease.ready.catch(() => undefined);
    setTimeout(() => lease.release(), HOLD_MS);
  }
}
