import { UNAUTHENTICATED_EVENT } from '../account/accountApi';

interface SyncTokenResponse {
  token: string;
  expiresAt: number;
}

// Reuse a token while it has comfortably long to live: every provider on the socket asks for one on
// each (re)connect, and one request per reconnect is enough.
const REUSE_MARGIN_MS = 30_000;
const ATTEMPTS = 3;

let cached: SyncTokenResponse | null = null;
let inflight: Promise<SyncTokenResponse> | null = null;

async function requestToken(): Promise<SyncTokenResponse> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
    try {
      const res = await fetch('/api/sync-token', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (res.status === 401) {
        // The session ended (signed out elsewhere, expired): retrying will not help; ask to sign in again.
        window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
        throw new SessionEndedError();
      }
      if (!res.ok) throw new Error(`sync token request failed with HTTP ${res.status}`);
      const body = (await res.json()) as SyncTokenResponse;
      if (typeof body.token !== 'string') throw new Error('sync token response has no token');
      return body;
    } catch (error) {
      lastError = error;
      if (error instanceof SessionEndedError) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('sync token request failed');
}

class SessionEndedError extends Error {
  constructor() {
    super('not signed in');
  }
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
