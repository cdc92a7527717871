import { formatDuration } from '../run/formatRunNumbers';

/** How long a run took, `running…` while it runs, `—` when it never started. */
export function runDurationLabel(run: {
  status: string;
  startedAt: number | null;
  finishedAt: number | null;
}): string {
  if (run.startedAt !== null && run.finishedAt !== null)
    return formatDuration(run.finishedAt - run.startedAt);
  if (run.status === 'running') return 'running…';
  if (run.status === 'queued') return 'queued';
  if (run.status === 'waiting') return 'waiting for approval';
  return '—';
}

/** `Mar 15, 13:30` in the viewer's locale and time zone. */
export function formatStarted(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
