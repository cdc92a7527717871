import type { SyncToken } from '@synapse/schema/api';
import { ApiError } from '../api/ApiError';
import { apiRequest } from '../api/apiRequest';

// Reuse a token while it has comfortably long to live: every provider on the socket asks for one on
// each (re)connect, and one request per reconnect is enough.
const REUSE_MARGIN_MS = 30_000;
const ATTEMPTS = 3;

let cached: SyncToken | null = null;
let inflight: Promise<SyncToken> | null = null;

async function requestToken(): Promise<SyncToken> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
    try {
      const body = await apiRequest<SyncToken>('/api/sync-token', { method: 'POST', body: {} });
      if (typeof body.token !== 'string') throw new Error('sync token response has no token');
      return body;
    } catch (error) {
      lastError = error;
      // The session ended (signed out elsewhere, expired; apiRequest has said so): retrying will not help.
      if (error instanceof ApiError && error.status === 401) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('sync token request failed');
}

/** Forgets the cached token (sign-in, sign-out): the next connection asks for one for the new session. */
export function clearSyncToken(): void {
  cached = null;
}

/** Token function for `HocuspocusProvider`: called on every (re)connect, so expiry is never a problem. */
export async function fetchSyncToken(): Promise<string> {
  if (cached && cached.expiresAt - Date.now() > REUSE_MARGIN_MS) return cached.token;
  if (!inflight) {
    inflight = requestToken().finally(() => {
      inflight = null;
    });
  }
  cached = await inflight;
  return cached.token;
}
