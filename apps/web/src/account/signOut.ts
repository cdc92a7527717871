import { clearSyncToken } from '../sync/fetchSyncToken';
import { accountApi } from './accountApi';
import { sessionCache } from './sessionCache';

/** Ends the session on the server (which closes its sync connections), then reloads to the sign-in page. */
export async function signOut(): Promise<void> {
  try {
    await accountApi.signOut();
  } finally {
    sessionCache.clear();
    clearSyncToken();
    location.assign('/login');
  }
}
