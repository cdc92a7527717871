import type { DocumentStore } from '@synapse/db';
import type { CommitObserver } from './createServerMetrics';

export interface PersistenceStats {
  /** Update rows handed to the database and not yet committed. */
  inflightRows: number;
  /** Age of the oldest uncommitted batch, 0 when none: how far persistence lags right now. */
  oldestInflightMs: number;
  committedRows: number;
  commits: number;
  failures: number;
  commitSecondsSum: number;
  /** Duration of the latest commit. */
  lastCommitMs: number | null;
}

export interface InstrumentedStore {
  store: DocumentStore;
  stats(): PersistenceStats;
}

/**
 * Measures the update log's group commits from outside: the persistence extension hands every batch to
 * `appendUpdates`, and the acknowledgement waits for it (acknowledged means durable), so the batch's
 * time in flight is the lag between an update's arrival and its commit — plus at most one event-loop
 * turn of gathering and one earlier commit it queued behind, both of which also show up here.
 * Each commit is also reported to `observer` (the /metrics histogram and counters).
 */
export function instrumentDocumentStore(
  store: DocumentStore,
  options: { now?: () => number; observer?: CommitObserver } = {},
): InstrumentedStore {
  const now = options.now ?? performance.now.bind(performance);
  const inflight = new Map<number, { rows: number; startedAt: number }>();
  let nextBatch = 0;
  const s = {
    committedRows: 0,
    commits: 0,
    failures: 0,
    commitSecondsSum: 0,
    lastCommitMs: null as number | null,
  };

  return {
    store: {
      ...store,
      async appendUpdates(rows) {
        const id = nextBatch++;
        const startedAt = now();
        inflight.set(id, { rows: rows.length, startedAt });
        try {
          const seqs = await store.appendUpdates(rows);
          const ms = now() - startedAt;
          s.commits += 1;
          s.committedRows += rows.length;
          s.commitSecondsSum += ms / 1000;
          s.lastCommitMs = ms;
          options.observer?.committed(ms / 1000, rows.length);
          return seqs;
        } catch (error) {
          s.failures += 1;
          options.observer?.failed();
          throw error;
        } finally {
          inflight.delete(id);
        }
      },
    },
    stats() {
      let inflightRows = 0;
      let oldest = Number.POSITIVE_INFINITY;
      for (const batch of inflight.values()) {
        inflightRows += batch.rows;
        oldest = Math.min(oldest, batch.startedAt);
      }
      return {
        ...s,
        inflightRows,
        oldestInflightMs: inflight.size === 0 ? 0 : Math.max(0, now() - oldest),
      };
    },
  };
}
