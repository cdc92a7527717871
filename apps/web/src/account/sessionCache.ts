import type { Session } from '@synapse/schema/api';

const KEY = 'synapse.session';

/**
 * The last session the server confirmed, so the app opens offline on what this device has cached. Only
 * the user's name, id and workspace roles: the session itself lives in an HttpOnly cookie no script reads.
 */
export const sessionCache = {
  read(): Session | null {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  write(session: Session): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      // Private mode or a full disk: the app still works online.
    }
  },
  clear(): void {
    try {
      localStorage.removeItem(KEY);
    } catch {
      // Nothing cached.
    }
  },
};
