/** Who is acting. [security] replaces the dev user with real accounts; call sites stay the same. */
export type Principal =
  /**
   * `via`: how the session signed in; absent for principals without a session (API tokens, dev auth).
   * A workspace that requires SSO refuses `password`. `mfa`: the session was completed with a second
   * factor (workspaces that require two-factor authentication refuse a user principal without it).
   */
  | { kind: 'user'; id: string; name: string; via?: 'password' | 'sso'; mfa?: boolean }
  | { kind: 'service'; id: 'runner'; name: string }
  /**
   * A workspace API token (or a sync token derived from one): `id` is its creator, whose current role in
   * `workspaceId`, capped by `scope`, is what it may do (see `effectiveRole` in authorize.ts).
   */
  | TokenPrincipal
  | { kind: 'anonymous' };

export interface TokenPrincipal {
  kind: 'token';
  id: string;
  name: string;
  tokenId: string;
  workspaceId: string;
  scope: 'read' | 'run';
}

/** A principal as records name it: audit rows, `created_by` columns, a key's use. */
export interface Actor {
  id: string;
  name: string;
}

export const DEV_USER: Principal = { kind: 'user', id: 'dev', name: 'Developer' };
export const RUNNER_SERVICE: Principal = { kind: 'service', id: 'runner', name: 'Synapse runner' };
export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'anonymous'
    ? { id: 'anonymous', name: 'Anonymous' }
    : { id: principal.id, name: principal.name };
}
