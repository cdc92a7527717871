import { useEffect } from 'react';

/** Calls `refresh` every `ms` while mounted (new deliveries and firings show up without a click). */
export function usePolling(refresh: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refresh, ms]);
}
