import type { NodeStatusCounts } from './countNodeStatuses';

interface RunProgressBarProps {
  counts: NodeStatusCounts;
  total: number;
}

// Finished outcomes first, then work in flight; what is left of the track is still queued.
const SEGMENTS = ['succeeded', 'failed', 'skipped', 'cancelled', 'running'] as const;

/** One bar for the whole run, a segment per status, so progress and trouble read at a glance. */
export function RunProgressBar({ counts, total }: RunProgressBarProps) {
  const finished = counts.succeeded + counts.failed + counts.skipped + counts.cancelled;
  return (
    <div
      className="run-progress"
      role="progressbar"
      aria-label="Nodes finished"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
      aria-valuetext={`${finished} of ${total} nodes finished`}
      data-testid="run-progress"
    >
      {total > 0 &&
        SEGMENTS.map((status) =>
          counts[status] > 0 ? (
            <span
              key={status}
              className={`run-progress__segment run-progress__segment--${status}`}
              style={{ width: `${(counts[status] / total) * 100}%` }}
            />
          ) : null,
        )}
    </div>
  );
}
