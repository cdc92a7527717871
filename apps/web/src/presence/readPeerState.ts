import type { Position } from '@synapse/schema';
import { colorForClient } from './colorForClient';

/** What one collaborator shares through awareness. Nothing of it is ever written to the document. */
export interface PeerPresence {
  clientId: number;
  name: string;
  color: string;
  /** Pointer position in flow coordinates, null when it is off the canvas. */
  cursor: Position | null;
  selection: string[];
  /** Live positions of nodes being dragged (or laid out) right now. */
  dragging: Record<string, Position>;
}

/** The local state this editor publishes, field by field. */
export interface LocalPresence {
  user: { name: string; color: string };
  cursor: Position | null;
  selection: string[];
  dragging: Record<string, Position> | null;
}

const MAX_NAME = 40;
const MAX_IDS = 500;

function finitePosition(value: unknown): Position | null {
  if (!value || typeof value !== 'object') return null;
  const { x, y } = value as { x?: unknown; y?: unknown };
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)
    ? { x, y }
    : null;
}

/**
 * Reads a collaborator's awareness state. It comes from another client, so it is treated as untrusted:
 * wrong types are dropped, lists are capped, and a state without a user (a runner, a script) is not a
 * person to show.
 */
export function readPeerState(clientId: number, state: unknown): PeerPresence | null {
  if (!state || typeof state !== 'object') return null;
  const raw = state as Record<string, unknown>;
  const user = raw.user as Record<string, unknown> | undefined;
  if (!user || typeof user !== 'object') return null;
  const name =
    typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, MAX_NAME) : 'Guest';
  const selection = Array.isArray(raw.selection)
    ? raw.selection.filter((id): id is string => typeof id === 'string').slice(0, MAX_IDS)
    : [];
  const dragging: Record<string, Position> = {};
  if (raw.dragging && typeof raw.dragging === 'object') {
    for (const [id, value] of Object.entries(raw.dragging).slice(0, MAX_IDS)) {
      const position = finitePosition(value);
      if (position && id !== '__proto__') dragging[id] = position;
    }
  }
  return {
    clientId,
    name,
    // Colour is derived from the client id rather than trusted, so nobody can impersonate a colour.
    color: colorForClient(clientId),
    cursor: finitePosition(raw.cursor),
    selection,
    dragging,
  };
}
