import type { DocumentStore } from '@synapse/db';

/** Upper bounds (seconds) of the commit-duration histogram. */
export const COMMIT_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

export interface PersistenceStats {
  /** Update rows handed to the database and not yet committed. */
  inflightRows: number;
  /** Age of the oldest uncommitted batch, 0 when none: how far persistence lags right now. */
  oldestInflightMs: number;
  committedRows: number;
  commits: number;
  failures: number;
  /** Count per COMMIT_BUCKETS bound, plus one overflow slot. */
  commitBuckets: number[];
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
 */
export function instrumentDocumentStore(
  store: DocumentStore,
  now: () => number = performance.now.bind(performance),
): InstrumentedStore {
  const inflight = new Map<number, { rows: number; startedAt: number }>();
  let nextBatch = 0;
  const s = {
    committedRows: 0,
    commits: 0,
    failures: 0,
    commitBuckets: new Array<number>(COMMIT_BUCKETS.length + 1).fill(0),
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
          const bucket = COMMIT_BUCKETS.findIndex((bound) => ms / 1000 <= bound);
          s.commitBuckets[bucket === -1 ? COMMIT_BUCKETS.length : bucket]! += 1;
          return seqs;
        } catch (error) {
          s.failures += 1;
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
        commitBuckets: [...s.commitBuckets],
        inflightRows,
        oldestInflightMs: inflight.size === 0 ? 0 : Math.max(0, now() - oldest),
      };
    },
  };
}
