import type { Session } from '@synapse/schema/api';
import { clearSyncToken } from '../sync/fetchSyncToken';
import { clearLocalReplicas } from './clearLocalReplicas';
import { sessionCache } from './sessionCache';

/**
 * After signing in or up: a different person than the one this browser last knew gets a clean slate (no
 * previous replicas), then the page reloads so every sync connection starts with the new session.
 */
export async function finishSignIn(session: Session, goTo: string): Promise<void> {
  const previous = sessionCache.read();
  if (previous && previous.user.id !== session.user.id) await clearLocalReplicas();
  sessionCache.write(session);
  clearSyncToken();
  location.assign(goTo);
}
