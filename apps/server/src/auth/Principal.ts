/** Who is acting. [security] replaces the dev user with real accounts; call sites stay the same. */
export type Principal =
  | { kind: 'user'; id: string; name: string }
  | { kind: 'service'; id: 'runner'; name: string }
  | { kind: 'anonymous' };

export const DEV_USER: Principal = { kind: 'user', id: 'dev', name: 'Developer' };
export const RUNNER_SERVICE: Principal = { kind: 'service', id: 'runner', name: 'Synapse runner' };
export const ANONYMOUS: Principal = { kind: 'anonymous' };
