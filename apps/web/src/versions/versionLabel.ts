import type { Version } from '@synapse/schema/api';
import { formatStarted } from '../history/formatRunTimes';

/** What a version is called in lists and messages: its name, or the run that froze it. */
export function versionLabel(version: Pick<Version, 'name' | 'reason' | 'createdAt'>): string {
  if (version.name) return version.name;
  const at = formatStarted(version.createdAt);
  return version.reason === 'run' ? `Run of ${at}` : `Version of ${at}`;
}
