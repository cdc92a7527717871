import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/errorMessage';

/**
 * Busy and error state around an async action (a form submit, a button): the error is the thrown
 * message, shown by the caller; `busy` is on while the action runs.
 */
export function useFormAction(): {
  busy: boolean;
  error: string | null;
  act(work: () => Promise<void>): (event?: FormEvent) => Promise<void>;
} {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (work: () => Promise<void>) => async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, act };
}
