export const DEFAULT_SOURCE_HANDLE = 'out';
export const DEFAULT_TARGET_HANDLE = 'in';

/**
 * The deterministic edge id `source:sourceHandle->target:targetHandle`: two people drawing the same
 * connection at once write the same key, so the merge holds one edge instead of two.
 */
export function edgeId(e: {
  source: string;
  sourceHandle?: string;
  target: string;
  targetHandle?: string;
}): string {
  return `${e.source}:${e.sourceHandle ?? DEFAULT_SOURCE_HANDLE}->${e.target}:${e.targetHandle ?? DEFAULT_TARGET_HANDLE}`;
}
