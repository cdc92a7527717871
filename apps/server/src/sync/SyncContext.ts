import type { Principal } from '../auth/Principal';

/** What Hocuspocus keeps about each authenticated document connection. */
export interface SyncContext {
  principal: Principal;
  /** The browser session the sync token was issued to; logging out closes its connections. */
  sessionId: string | null;
}
