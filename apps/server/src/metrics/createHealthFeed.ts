import type { SystemHealth } from '@synapse/schema/api';

export interface HealthFeed {
  /** Calls `listener` with the latest health at once (if known), then on every change; returns unsubscribe. */
  subscribe(listener: (health: SystemHealth) => void): () => void;
}

export interface HealthFeedOptions {
  read(): Promise<SystemHealth>;
  /** How often the one shared sampler reads the status while anyone watches. */
  sampleMs: number;
  /** A snapshot is pushed at least this often even when nothing changed ("checked …" stays current). */
  refreshMs: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** What a change is: everything but the time it was checked. */
const fingerprint = (h: SystemHealth) => JSON.stringify({ ...h, checkedAt: 0 });

/**
 * The Health page's live feed. One sampler per server, running only while someone watches, reads the
 * status for every watcher together and pushes a snapshot when it changed (or `refreshMs` passed),
 * so ten open Health pages cost the database what one does, and a quiet install sends next to nothing.
 */
export function createHealthFeed(options: HealthFeedOptions): HealthFeed {
  const every = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stop = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  const listeners = new Set<(health: SystemHealth) => void>();
  let timer: unknown = null;
  let latest: SystemHealth | null = null;
  let sentAt = 0;
  let sampling = false;

  async function sample(): Promise<void> {
    if (sampling) return; // a slow database: skip a tick rather than pile reads up
    sampling = true;
    try {
      const next = await options.read();
      const changed = !latest || fingerprint(latest) !== fingerprint(next);
      latest = next;
      if (changed || next.checkedAt - sentAt >= options.refreshMs) {
        sentAt = next.checkedAt;
        for (const listener of listeners) listener(next);
      }
    } catch {
      // The status reader reports a down database itself; anything else leaves the last snapshot standing.
    } finally {
      sampling = false;
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (latest) listener(latest);
      if (timer === null) {
        latest = null;
        timer = every(() => void sample(), options.sampleMs);
        void sample();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          stop(timer);
          timer = null;
        }
      };
    },
  };
}
