import './account.css';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/ApiError';
import { UNAUTHENTICATED_EVENT } from '../api/apiRequest';
import { accountApi } from './accountApi';
import { SessionContext, type SessionState } from './SessionContext';
import { sessionCache } from './sessionCache';

const SIGNED_OUT: Omit<SessionState, 'refresh'> = { status: 'signed-out', session: null, stale: false };

/**
 * Knows who is signed in. Starts from the cached session so the app opens offline at once, confirms it
 * with the server, and asks again whenever the browser comes back online. A 401 from any other API call
 * or the sync token means the session ended: it is marked signed out, without asking `/api/me` again
 * (whose own 401 is the answer, not a new event — asking again on each one looped endlessly).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Omit<SessionState, 'refresh'>>(() => {
    const cached = sessionCache.read();
    return cached
      ? { status: 'signed-in', session: cached, stale: true }
      : { status: 'loading', session: null, stale: false };
  });

  // Once: several requests failing together (a screen's parallel loads) change nothing after the first.
  const signedOut = useCallback(() => {
    sessionCache.clear();
    setState((current) => (current.status === 'signed-out' ? current : SIGNED_OUT));
  }, []);

  const refresh = useCallback(async () => {
    try {
      const session = await accountApi.me();
      sessionCache.write(session);
      setState({ status: 'signed-in', session, stale: false });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        signedOut();
        return;
      }
      // Unreachable: keep working on the cached session, if this device has one.
      setState((current) =>
        current.session
          ? { status: 'signed-in', session: current.session, stale: true }
          : { status: 'offline', session: null, stale: false },
      );
    }
  }, [signedOut]);

  useEffect(() => {
    void refresh();
    const again = () => void refresh();
    window.addEventListener('online', again);
    window.addEventListener(UNAUTHENTICATED_EVENT, signedOut);
    return () => {
      window.removeEventListener('online', again);
      window.removeEventListener(UNAUTHENTICATED_EVENT, signedOut);
    };
  }, [refresh, signedOut]);

  const value = useMemo<SessionState>(() => ({ ...state, refresh }), [state, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
