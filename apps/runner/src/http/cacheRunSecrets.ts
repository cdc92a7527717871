import type { ScopedSecret } from '@synapse/schema';

/** Reads the named secrets (the vault, for one workspace). */
export type ReadSecrets<T = ScopedSecret> = (names: string[]) => Promise<Map<string, T>>;

/**
 * One run's view of the vault: each secret is read (and decrypted, and its use recorded) once for the whole
 * run, however many HTTP request nodes reference it; nodes running at once share the read in flight. Made
 * per run by createRunServices, so a value never outlives its run or crosses to another workspace: the next
 * run reads again and sees a secret changed or deleted meanwhile. A failed read, or a name the vault does
 * not hold, is not kept: the next node asks again.
 *
 * The database vault refuses a whole read when any name in it is missing (MissingSecretsError), so a read
 * shared with another node can fail for that node's missing secret: a node whose names were partly read by
 * another reads its own names again, once, before failing, so it fails only for a secret it references.
 */
export function cacheRunSecrets<T = ScopedSecret>(read: ReadSecrets<T>): ReadSecrets<T> {
  const known = new Map<string, Promise<T | undefined>>();
  const forget = (name: string, entry: Promise<T | undefined>) => {
    if (known.get(name) === entry) known.delete(name);
  };
  const start = (names: string[]) => {
    const batch = read(names);
    for (const name of names) {
      const entry = batch.then((values) => values.get(name));
      known.set(name, entry);
      entry.then(
        (value) => {
          if (value === undefined) forget(name, entry);
        },
        () => forget(name, entry),
      );
    }
  };
  const collect = async (names: string[]) => {
    const found = new Map<string, T>();
    for (const name of names) {
      const value = await known.get(name);
      if (value !== undefined) found.set(name, value);
    }
    return found;
  };
  return async (names) => {
    const wanted = [...new Set(names)];
    const unread = wanted.filter((name) => !known.has(name));
    if (unread.length > 0) start(unread);
    try {
      return await collect(wanted);
    } catch (error) {
      // Every name was in this node's own read: its failure is this node's.
      if (unread.length === wanted.length) throw error;
      start(wanted);
      return collect(wanted);
    }
  };
}
