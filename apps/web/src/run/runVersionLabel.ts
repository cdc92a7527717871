import type { RunVersionSource } from '@synapse/schema';

/**
 * Which version a run ran, as the run view and history say it: the published version or a picked one
 * by name, else the draft as it was when the run started.
 */
export function runVersionLabel(
  run: { versionSource?: RunVersionSource | null; versionName?: string | null; createdAt: number },
  formatTime: (ms: number) => string,
): string {
  const name = run.versionName ? `“${run.versionName}”` : 'without a name';
  if (run.versionSource === 'published') return `Published version ${name}`;
  if (run.versionSource === 'version') return `Saved version ${name}`;
  return `Draft as of ${formatTime(run.createdAt)}`;
}
