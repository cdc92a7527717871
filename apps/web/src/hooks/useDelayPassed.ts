import { useEffect, useState } from 'react';

/** True once `ms` have passed since mount — used to avoid flashing "empty" before the first sync. */
export function useDelayPassed(ms: number): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setPassed(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return passed;
}
