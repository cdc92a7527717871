import type { RunRow } from '@synapse/schema/api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { type HistoryFilter, historyApi } from './historyApi';

export interface RunHistoryState {
  runs: RunRow[];
  /** First page still loading (nothing to show yet). */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

const PAGE_SIZE = 50;

/** Keyset pages of the workspace's runs for one filter; a new filter starts again from the newest. */
export function useRunHistory(workspaceId: string, filter: HistoryFilter): RunHistoryState {
  const [runs, setRuns] = useState<RunRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  // Answers for an older filter (or a reload) are dropped when they arrive late.
  const current = useRef(0);
  const key = JSON.stringify(filter);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the filter's contents
  useEffect(() => {
    const ticket = ++current.current;
    setLoading(true);
    setError(null);
    historyApi.runs(workspaceId, JSON.parse(key) as HistoryFilter, undefined, PAGE_SIZE).then(
      (page) => {
        if (ticket !== current.current) return;
        setRuns(page.runs);
        setNext(page.next);
        setLoading(false);
      },
      (e: unknown) => {
        if (ticket !== current.current) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
  }, [workspaceId, key, generation]);

  const loadMore = useCallback(() => {
    if (!next || loadingMore) return;
    const ticket = current.current;
    setLoadingMore(true);
    historyApi.runs(workspaceId, JSON.parse(key) as HistoryFilter, next, PAGE_SIZE).then(
      (page) => {
        if (ticket !== current.current) return;
        setRuns((shown) => [...shown, ...page.runs]);
        setNext(page.next);
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (ticket !== current.current) return;
        setError(errorMessage(e));
        setLoadingMore(false);
      },
    );
  }, [workspaceId, key, next, loadingMore]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { runs, loading, loadingMore, error, hasMore: next !== null, loadMore, reload };
}
