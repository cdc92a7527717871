import type { Extension } from '@hocuspocus/server';
import type { SyncContext } from './SyncContext';

/**
 * Presence names come from the account, not from the client: before an inbound awareness update is
 * applied, every state it carries gets `user.name` set to the name of the connection's principal
 * (colour, cursor and the other fields stay the client's). So a member cannot appear as somebody else
 * in cursors, avatars and selections, whatever their client sends.
 */
export function createPresencePin(): Extension<SyncContext> {
  return {
    extensionName: 'synapse-presence-pin',
    async beforeHandleAwareness({ states, context }) {
      const principal = context?.principal;
      if (!principal || principal.kind === 'anonymous') return;
      for (const state of states.values()) {
        // A null state is a client leaving: nothing to pin.
        if (!state || typeof state !== 'object') continue;
        const user = (state as { user?: unknown }).user;
        (state as { user: Record<string, unknown> }).user = {
          ...(user && typeof user === 'object' && !Array.isArray(user) ? user : {}),
          name: principal.name,
        };
      }
    },
  };
}
