import { useEffect, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { acquireDocument } from '../sync/acquireDocument';
import type { SyncedDocument } from '../sync/openDocument';

export type DocumentLoad =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; synced: SyncedDocument }
  | { state: 'error'; message: string };

/** Opens (and on unmount releases) a document by name; `null` means "nothing to open". */
export function useDocument(name: string | null, readOnly = false): DocumentLoad {
  const [load, setLoad] = useState<DocumentLoad>(name ? { state: 'loading' } : { state: 'idle' });

  useEffect(() => {
    if (!name) {
      setLoad({ state: 'idle' });
      return;
    }
    let cancelled = false;
    setLoad({ state: 'loading' });
    const lease = acquireDocument(name, { readOnly });
    lease.ready.then(
      (synced) => {
        if (!cancelled) setLoad({ state: 'ready', synced });
      },
      (error: unknown) => {
        if (!cancelled) {
          const detail = errorMessage(error);
          setLoad({ state: 'error', message: `Could not open the local copy: ${detail}` });
        }
      },
    );
    return () => {
      cancelled = true;
      lease.release();
    };
  }, [name, readOnly]);

  return load;
}
