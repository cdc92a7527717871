import { type Extension, Hocuspocus } from '@hocuspocus/server';
import { parseDocName, syncCloseEvent } from '@synapse/schema';
import { authorize, type MembershipLookup } from '../auth/authorize';
import type { Principal } from '../auth/Principal';
import type { Logger } from '../logger';
import type { DurablePersistence } from './createDurablePersistence';
import type { SyncContext } from './SyncContext';

export type { SyncContext } from './SyncContext';

export interface SyncServerOptions {
  persistence: DurablePersistence;
  members: MembershipLookup;
  /** Turns a sync token into a principal (and the session it was issued to), or a reason it is refused. */
  authenticate(
    token: string,
  ): Promise<{ ok: true; principal: Principal; sessionId?: string | null } | { ok: false; reason: string }>;
  logger: Logger;
  /** Whether the principal may open documents of the workspace (a 2FA requirement); absent: always. */
  twoFactorAllows?(principal: Principal, workspaceId: string): Promise<boolean>;
  /** Run after authentication and before persistence (the update guard, the workflow audit). */
  extensions?: Extension<SyncContext>[];
}

/**
 * Hocuspocus in library mode: the HTTP server and WebSocket upgrade belong to Hono, and every document
 * goes through the same `authorize` as the API. Viewers and run documents get read-only connections,
 * enforced here rather than in the UI.
 */
export function createSyncServer(options: SyncServerOptions): Hocuspocus<SyncContext> {
  const { logger } = options;
  return new Hocuspocus<SyncContext>({
    name: 'synapse',
    quiet: true,
    debounce: 2000,
    maxDebounce: 10_000,
    extensions: [
      {
        extensionName: 'synapse-auth',
        priority: 1000,
        async onAuthenticate({ token, documentName, connectionConfig }) {
          const ref = parseDocName(documentName);
          // A refusal here is not a close: Hocuspocus answers PermissionDenied with the reason, which the
          // client classifies by the same table.
          if (!ref) throw syncCloseEvent('forbidden', { message: 'malformed document name' });
          const result = await options.authenticate(token);
          if (!result.ok) throw syncCloseEvent('unauthorized', { message: result.reason });
          const access = authorize(result.principal, { kind: 'document', doc: ref }, options.members);
          if (access === 'none')
            throw syncCloseEvent('forbidden', { message: `no access to ${documentName}` });
          if (options.twoFactorAllows && !(await options.twoFactorAllows(result.principal, ref.workspaceId)))
            throw syncCloseEvent('twoFactorRequired', {
              message: 'this workspace requires two-factor authentication',
            });
          connectionConfig.readOnly = access === 'read';
          logger.debug(
            { doc: documentName, access, principal: result.principal },
            'sync connection authorized',
          );
          return { principal: result.principal, sessionId: result.sessionId ?? null };
        },
      },
      ...(options.extensions ?? []),
      options.persistence,
    ],
  });
}
