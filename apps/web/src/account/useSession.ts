import { useContext } from 'react';
import { SessionContext, type SessionState } from './SessionContext';

/** The signed-in user and their workspaces; null outside the SessionProvider. */
export function useSession(): SessionState | null {
  return useContext(SessionContext);
}
