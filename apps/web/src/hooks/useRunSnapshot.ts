import { type RunSnapshot, readRun } from '@synapse/schema';
import type * as Y from 'yjs';
import { useDocSnapshot } from './useDocSnapshot';

/** Live view of a run document; re-read at most once per frame while tokens stream in. */
export function useRunSnapshot(doc: Y.Doc | null): RunSnapshot | null {
  return useDocSnapshot(doc, readRun, false);
}
