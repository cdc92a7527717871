import { errorMessage } from '../../api/errorMessage';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; data: T };

export interface LoadCache<T> {
  /** What is known for `key` (loading until a `load` has answered). */
  get(key: string): Loaded<T>;
  /** Starts a load for `key` unless one is under way; `fresh` reloads a ready entry too. */
  load(key: string, fresh?: boolean): void;
  subscribe(listener: () => void): () => void;
}

const LOADING = { state: 'loading' } as const;

/**
 * Results of `fetch` per key for the whole tab, shared by every component that asks (each canvas card
 * and the settings panel ask for the same versions) and announced to subscribers when they change.
 * A failed load is kept until asked again, so an offline editor shows why instead of retrying forever.
 */
export function createLoadCache<T>(fetch: (key: string) => Promise<T>): LoadCache<T> {
  const entries = new Map<string, Loaded<T>>();
  const pending = new Set<string>();
  const listeners = new Set<() => void>();
  const put = (key: string, value: Loaded<T>) => {
    entries.set(key, value);
    for (const listener of listeners) listener();
  };
  const load = (key: string, fresh = false) => {
    if (pending.has(key)) return;
    const current = entries.get(key);
    if (current?.state === 'ready' && !fresh) return;
    pending.add(key);
    // A refresh keeps showing what it had; a first load (or a retry) shows that it is loading.
    if (current?.state !== 'ready') entries.set(key, LOADING);
    fetch(key).then(
      (data) => {
        pending.delete(key);
        put(key, { state: 'ready', data });
      },
      (error: unknown) => {
        pending.delete(key);
        if (current?.state === 'ready') put(key, current);
        else put(key, { state: 'error', message: errorMessage(error) });
      },
    );
  };
  return {
    get(key) {
      return entries.get(key) ?? LOADING;
    },
    load,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
