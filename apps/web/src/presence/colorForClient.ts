// The golden angle spreads consecutive hues far apart, so a handful of collaborators rarely share one.
const GOLDEN_ANGLE = 137.508;

/** A stable, distinct colour for a Yjs client id; readable on light and dark canvases alike. */
export function colorForClient(clientId: number): string {
  const hue = Math.round((Math.abs(clientId) * GOLDEN_ANGLE) % 360);
  return `hsl(${hue} 70% 48%)`;
}
