import type { Position } from '@synapse/schema';

// A little more than a rendered card (220 × ~80), so neighbours never overlap.
const COLUMN = 280;
const ROW = 120;

function overlaps(a: Position, b: Position): boolean {
  return Math.abs(a.x - b.x) < COLUMN - 20 && Math.abs(a.y - b.y) < ROW - 20;
}

/**
 * The first spot at or right/below of `desired` that does not cover an existing node, scanning a
 * small grid of card-sized cells; falls back to `desired` when the area is full.
 */
export function findFreeSpot(desired: Position, taken: readonly Position[]): Position {
  const origin = { x: Math.round(desired.x), y: Math.round(desired.y) };
  for (let row = 0; row < 6; row++) {
    for (let col = 0; col < 4; col++) {
      const spot = { x: origin.x + col * COLUMN, y: origin.y + row * ROW };
      if (!taken.some((p) => overlaps(p, spot))) return spot;
    }
  }
  return origin;
}
