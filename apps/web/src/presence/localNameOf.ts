import type { Session } from '@synapse/schema/api';

/** The account's name when there is a session (live or cached), else this device's friendly name. */
export function localNameOf(session: Pick<Session, 'user'> | null, fallback: string): string {
  return session?.user.name.trim() || fallback;
}
