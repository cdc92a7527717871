// Every transaction names who made it, so undo can track only the local user's edits, the server can
// tell runner writes from user writes, and observers can skip their own migrations.
export type OriginKind = 'user' | 'runner' | 'migration' | 'server';

export interface TxOrigin {
  readonly kind: OriginKind;
}

const ORIGIN_KINDS: ReadonlySet<string> = new Set<OriginKind>(['user', 'runner', 'migration', 'server']);

// Singletons: `Y.UndoManager({ trackedOrigins: new Set([USER_ORIGIN]) })` compares by identity.
export const USER_ORIGIN: TxOrigin = Object.freeze({ kind: 'user' });
export const RUNNER_ORIGIN: TxOrigin = Object.freeze({ kind: 'runner' });
export const MIGRATION_ORIGIN: TxOrigin = Object.freeze({ kind: 'migration' });
export const SERVER_ORIGIN: TxOrigin = Object.freeze({ kind: 'server' });

export function isTxOrigin(value: unknown): value is TxOrigin {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && ORIGIN_KINDS.has(kind);
}
