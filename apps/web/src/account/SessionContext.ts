import type { Session } from '@synapse/schema/api';
import { createContext } from 'react';

export interface SessionState {
  /** `offline`: the server cannot be reached and this device has no cached session. */
  status: 'loading' | 'signed-in' | 'signed-out' | 'offline';
  session: Session | null;
  /** The session shown is the cached one (offline, or not confirmed by the server yet). */
  stale: boolean;
  refresh(): Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);
