import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/errorMessage';

export type ApiData<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; data: T };

/** Loads `load()` on mount and whenever `reload()` is called; the loading and error states are explicit. */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[]): [ApiData<T>, () => void] {
  const [result, setResult] = useState<ApiData<T>>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on.
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    void version;
    run().then(
      (data) => live && setResult({ state: 'ready', data }),
      (error: unknown) => live && setResult({ state: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [run, version]);
  return [result, useCallback(() => setVersion((v) => v + 1), [])];
}
