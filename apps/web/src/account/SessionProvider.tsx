import './account.css';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/ApiError';
import { accountApi, UNAUTHENTICATED_EVENT } from './accountApi';
import { SessionContext, type SessionState } from './SessionContext';
import { sessionCache } from './sessionCache';

/**
 * Knows who is signed in. Starts from the cached session so the app opens offline at once, confirms it
 * with the server, and asks again whenever the browser comes back online or the server says the session
 * ended (a 401 from any API call or the sync token).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Omit<SessionState, 'refresh'>>(() => {
    const cached = sessionCache.read();
    return cached
      ? { status: 'signed-in', session: cached, stale: true }
      : { status: 'loading', session: null, stale: false };
  });

  const refresh = useCallback(async () => {
    try {
      const session = await accountApi.me();
      sessionCache.write(session);
      setState({ status: 'signed-in', session, stale: false });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        sessionCache.clear();
        setState({ status: 'signed-out', session: null, stale: false });
        return;
      }
      // Unreachable: keep working on the cached session, if this device has one.
      setState((current) =>
        current.session
          ? { status: 'signed-in', session: current.session, stale: true }
          : { status: 'offline', session: null, stale: false },
      );
    }
  }, []);

  useEffect(() => {
    void refresh();
    const again = () => void refresh();
    window.addEventListener('online', again);
    window.addEventListener(UNAUTHENTICATED_EVENT, again);
    return () => {
      window.removeEventListener('online', again);
      window.removeEventListener(UNAUTHENTICATED_EVENT, again);
    };
  }, [refresh]);

  const value = useMemo<SessionState>(() => ({ ...state, refresh }), [state, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
