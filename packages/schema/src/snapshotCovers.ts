import type * as Y from 'yjs';

interface Range {
  clock: number;
  len: number;
}

/**
 * Whether `durable` contains everything `local` does: every inserted item (state vector) and every
 * deletion (delete set). Comparing state vectors alone is not enough — a deletion in Yjs adds no new
 * clock, so an unsaved delete would look saved.
 */
export function snapshotCovers(durable: Y.Snapshot, local: Y.Snapshot): boolean {
  for (const [client, clock] of local.sv) {
    if (clock > 0 && (durable.sv.get(client) ?? 0) < clock) return false;
  }
  for (const [client, deleted] of local.ds.clients as Map<number, Range[]>) {
    if (deleted.length === 0) continue;
    const covering = mergedRanges((durable.ds.clients as Map<number, Range[]>).get(client) ?? []);
    for (const range of deleted) {
      if (range.len > 0 && !rangeCovered(covering, range)) return false;
    }
  }
  return true;
}

/** Sorted, with touching or overlapping ranges joined, so one range covers any run it contains. */
function mergedRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.clock <= last.clock + last.len) {
      last.len = Math.max(last.len, range.clock + range.len - last.clock);
    } else {
      merged.push({ clock: range.clock, len: range.len });
    }
  }
  return merged;
}

function rangeCovered(merged: Range[], range: Range): boolean {
  // The last merged range starting at or before range.clock is the only one that can cover it.
  let low = 0;
  let high = merged.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((merged[mid] as Range).clock <= range.clock) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (found < 0) return false;
  const candidate = merged[found] as Range;
  return candidate.clock + candidate.len >= range.clock + range.len;
}
