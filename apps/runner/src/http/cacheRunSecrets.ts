import type { ScopedSecret } from '@synapse/schema';

/** Reads the named secrets (the vault, for one workspace). */
export type ReadSecrets<T = ScopedSecret> = (names: string[]) => Promise<Map<string, T>>;

/**
 * One run's view of the vault: each secret is read (and decrypted, and its use recorded) once for the whole
 * run, however many HTTP request nodes reference it; nodes running at once share the read in flight. Made
 * per run by createRunServices, so a value never outlives its run or crosses to another workspace: the next
 * run reads again and sees a secret changed or deleted meanwhile. A failed read, or a name the vault does
 * not hold, is not kept: the next node asks again.
 */
export function cacheRunSecrets<T = ScopedSecret>(read: ReadSecrets<T>): ReadSecrets<T> {
  const known = new Map<string, Promise<T | undefined>>();
  const forget = (name: string, entry: Promise<T | undefined>) => {
    if (known.get(name) === entry) known.delete(name);
  };
  return async (names) => {
    const unread = [...new Set(names)].filter((name) => !known.has(name));
    if (unread.length > 0) {
      const batch = read(unread);
      for (const name of unread) {
        const entry = batch.then((values) => values.get(name));
        known.set(name, entry);
        entry.then(
          (value) => {
            if (value === undefined) forget(name, entry);
          },
          () => forget(name, entry),
        );
      }
    }
    const found = new Map<string, T>();
    for (const name of names) {
      const value = await known.get(name);
      if (value !== undefined) found.set(name, value);
    }
    return found;
  };
}
