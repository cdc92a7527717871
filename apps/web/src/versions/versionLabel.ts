import type { VersionSummary } from './versionsApi';

/** What a version is called in lists and messages: its name, or the run that froze it. */
export function versionLabel(version: Pick<VersionSummary, 'name' | 'reason' | 'createdAt'>): string {
  if (version.name) return version.name;
  const at = new Date(version.createdAt).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return version.reason === 'run' ? `Run of ${at}` : `Version of ${at}`;
}
