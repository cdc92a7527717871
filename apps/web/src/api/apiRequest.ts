import { ErrorCodes } from '@synapse/schema';
import { ApiError } from './ApiError';

/**
 * Dispatched once per request that the server answered 401 (the session ended: signed out in another
 * tab, expired), so the session marks itself signed out and the app asks to sign in again.
 */
export const UNAUTHENTICATED_EVENT = 'synapse:unauthenticated';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  /** Added as the query string; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** What to say when the server cannot be reached (the screen's own words, e.g. "Runs need a connection."). */
  offlineMessage?: string;
}

const OFFLINE = 'Could not reach the server. Check your connection.';

/**
 * A 401 from these means what the caller asked about, not that a session ended: `/api/me` answers "who
 * is signed in?" (401: nobody — the session state already says so), and sign-in refuses a wrong password
 * with it. Firing the event for `/api/me` is what made signed-out pages ask `/api/me` in an endless loop.
 */
function answersWhoIsSignedIn(path: string): boolean {
  return path === '/api/me' || path.startsWith('/api/auth/');
}

/** `path?query`, leaving out undefined and empty values: also the address of a download link. */
export function withQuery(path: string, query: ApiRequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The one way the web app calls the API: same-origin cookie, JSON in and out, every failure an `ApiError`
 * with the server's code (`synapse.network` when unreachable), and a 401 announced once. `T` is the
 * route's response type from `@synapse/schema/api`; a 204 resolves to undefined.
 */
export async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const { method = 'GET', body } = options;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, ErrorCodes.network, options.offlineMessage ?? OFFLINE);
  }
  if (res.status === 401 && !answersWhoIsSignedIn(path))
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  if (!res.ok) throw await ApiError.fromResponse(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
