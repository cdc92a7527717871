import { ErrorCodes } from '@synapse/schema';
import type { Context } from 'hono';
import type { AppEnv } from './createApp';
import { HttpError } from './HttpError';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The workspace a /api/v1 request acts in: an API token's own (a `workspaceId` parameter naming another
 * is refused), or for a signed-in session the `workspaceId` query parameter it must give.
 */
export function apiWorkspaceOf(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  const named = c.req.query('workspaceId');
  if (principal.kind === 'token') {
    if (named !== undefined && named !== principal.workspaceId)
      throw new HttpError(403, ErrorCodes.forbidden, 'this API token belongs to another workspace');
    return principal.workspaceId;
  }
  if (named === undefined || !ID.test(named))
    throw new HttpError(
      400,
      ErrorCodes.invalidRequest,
      'name the workspace with ?workspaceId=… (or authenticate with a workspace API token)',
    );
  return named;
}
