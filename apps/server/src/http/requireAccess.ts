import { ErrorCodes } from '@synapse/schema';
import type { Context } from 'hono';
import { type Access, authorize, type MembershipLookup, type Resource } from '../auth/authorize';
import type { AppEnv } from './createApp';
import { HttpError } from './HttpError';

/** Authorizes the request's principal for a resource through the one `authorize`, or throws 401/403. */
export function requireAccess(
  c: Context<AppEnv>,
  members: MembershipLookup,
  resource: Resource,
  needed: Exclude<Access, 'none'>,
): void {
  const principal = c.get('principal');
  const access = authorize(principal, resource, members);
  if (access === 'write' || access === needed) return;
  if (principal.kind === 'anonymous') throw new HttpError(401, ErrorCodes.unauthorized, 'sign in first');
  throw new HttpError(403, ErrorCodes.forbidden, 'you do not have access to this workspace');
}
