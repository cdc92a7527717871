import type { SystemStatus } from '../collectSystemStatus';

/** A healthy install's status, for tests of what is made of it; `change` overrides top-level fields. */
export function exampleSystemStatus(change: Partial<SystemStatus> = {}): SystemStatus {
  return {
    checkedAt: 0,
    database: { ok: true, latencyMs: 2 },
    queue: { ready: 3, deferred: 1, active: 2, oldestReadyAgeMs: 1500 },
    runs: { succeeded: 4, failed: 1 },
    runners: { busy: 1, lastCompletedAt: null, stalled: false },
    sync: { connections: 5, documents: 2 },
    persistence: {
      inflightRows: 7,
      oldestInflightMs: 250,
      committedRows: 0,
      commits: 0,
      failures: 0,
      commitSecondsSum: 0,
      lastCommitMs: null,
    },
    ...change,
  };
}
