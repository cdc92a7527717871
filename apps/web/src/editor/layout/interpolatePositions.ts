import type { Position } from '@synapse/schema';

/** Slow–fast–slow, so nodes glide into place rather than jump. */
export function easeInOutCubic(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2;
}

/**
 * Positions part-way (`t` in 0..1, eased) from `from` to `to`. Only nodes present in both move; a node
 * that appeared or vanished meanwhile (a collaborator's edit) is left out, so the document decides.
 */
export function interpolatePositions(
  from: ReadonlyMap<string, Position>,
  to: ReadonlyMap<string, Position>,
  t: number,
): Map<string, Position> {
  const k = easeInOutCubic(t);
  const out = new Map<string, Position>();
  for (const [id, end] of to) {
    const start = from.get(id);
    if (!start) continue;
    out.set(id, { x: start.x + (end.x - start.x) * k, y: start.y + (end.y - start.y) * k });
  }
  return out;
}
