import { useCallback, useState } from 'react';

export type OutputView = 'rendered' | 'raw';

const KEY = 'synapse.output.view';

function readView(): OutputView {
  try {
    return localStorage.getItem(KEY) === 'raw' ? 'raw' : 'rendered';
  } catch {
    return 'rendered';
  }
}

/** Rendered Markdown or the raw text, as this device last chose. */
export function useOutputView(): [OutputView, (view: OutputView) => void] {
  const [view, setView] = useState(readView);
  const choose = useCallback((next: OutputView) => {
    setView(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }, []);
  return [view, choose];
}
