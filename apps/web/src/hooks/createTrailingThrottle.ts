export interface TrailingThrottle {
  /** Asks for a call: now if the last was `ms` ago, else once when the window ends. */
  request(): void;
  /** Makes a pending call now (the editor is closing), and stops. */
  flush(): void;
}

/**
 * Calls `fn` at most once per `ms`, and never drops the last request of a burst: it runs when the
 * window ends, or at `flush`. (`useIndexTouch`: the list's preview must show the final edit.)
 */
export function createTrailingThrottle(
  fn: () => void,
  ms: number,
  now: () => number = Date.now,
): TrailingThrottle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = now();
    fn();
  };
  return {
    request() {
      if (timer !== undefined) return;
      const wait = last + ms - now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      run();
    },
  };
}
