import { useRef } from 'react';

/**
 * Returns the value first seen for the current `key`, so a new object with the same meaning (a
 * collaborator's cursor moved, but no selection or drag changed) does not re-render every node.
 */
export function useSameWhileKey<T>(value: T, key: string): T {
  const kept = useRef<{ key: string; value: T } | null>(null);
  if (!kept.current || kept.current.key !== key) kept.current = { key, value };
  return kept.current.value;
}
