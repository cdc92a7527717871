import type { Position } from '@synapse/schema';

// A little more than a rendered card (220 × ~80), so neighbours never overlap.
export const COLUMN = 280;
export const ROW = 120;
const RINGS = 4;

function overlaps(a: Position, b: Position): boolean {
  return Math.abs(a.x - b.x) < COLUMN - 20 && Math.abs(a.y - b.y) < ROW - 20;
}

/** Whether a card at `spot` would overlap none of the cards at `taken`. */
export function isFreeSpot(spot: Position, taken: readonly Position[]): boolean {
  return !taken.some((p) => overlaps(p, spot));
}

/** Cells around the origin, nearest ring first; within a ring: right, below, left, above, then corners. */
function cells(): [number, number][] {
  const out: [number, number][] = [[0, 0]];
  for (let r = 1; r <= RINGS; r++) {
    const ring: [number, number][] = [];
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) if (Math.max(Math.abs(dx), Math.abs(dy)) === r) ring.push([dx, dy]);
    }
    const rank = ([dx, dy]: [number, number]) => {
      const side = dy === 0 && dx > 0 ? 0 : dx === 0 && dy > 0 ? 1 : dy === 0 ? 2 : dx === 0 ? 3 : 4;
      return side * 100 + Math.abs(dx) + Math.abs(dy) + (dy < 0 ? 0.5 : 0) + (dx < 0 ? 0.25 : 0);
    };
    out.push(...ring.sort((a, b) => rank(a) - rank(b)));
  }
  return out;
}

const CELLS = cells();

/**
 * The free card-sized spot nearest to `desired` — to its right first, then below — so a node added
 * "at the centre" lands close to where the person is looking; falls back to `desired` when crowded.
 */
export function findFreeSpot(desired: Position, taken: readonly Position[]): Position {
  const origin = { x: Math.round(desired.x), y: Math.round(desired.y) };
  for (const [col, row] of CELLS) {
    const spot = { x: origin.x + col * COLUMN, y: origin.y + row * ROW };
    if (isFreeSpot(spot, taken)) return spot;
  }
  return origin;
}
