import type { HocuspocusProvider } from '@hocuspocus/provider';
import type { Position } from '@synapse/schema';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { colorForClient } from './colorForClient';
import { type LocalPresence, type PeerPresence, readPeerState } from './readPeerState';
import { useLocalName } from './useLocalName';

type Awareness = NonNullable<HocuspocusProvider['awareness']>;

export interface Presence {
  self: { clientId: number; name: string; color: string };
  /** Other people with this workflow open, ordered by client id (stable). */
  peers: PeerPresence[];
  setCursor(position: Position | null): void;
  setSelection(ids: readonly string[]): void;
  setDragging(positions: Record<string, Position> | null): void;
}

/** Cursor and drag updates go out at most once per this many ms (awareness is a broadcast). */
const SEND_EVERY_MS = 40;

/**
 * Presence over Hocuspocus awareness: publishes this person's name, cursor, selection and live drag,
 * and reads everyone else's. Nothing here touches the document.
 */
export function usePresence(awareness: Awareness | null): Presence {
  const name = useLocalName();
  const clientId = awareness?.clientID ?? 0;
  const color = colorForClient(clientId);
  const [peers, setPeers] = useState<PeerPresence[]>([]);
  const pending = useRef<Partial<LocalPresence>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    awareness?.setLocalStateField('user', { name, color });
  }, [awareness, name, color]);

  useEffect(() => {
    if (!awareness) return;
    let frame: number | null = null;
    const read = () => {
      frame = null;
      const next: PeerPresence[] = [];
      for (const [id, state] of awareness.getStates()) {
        if (id === awareness.clientID) continue;
        const peer = readPeerState(id, state);
        if (peer) next.push(peer);
      }
      setPeers(next.sort((a, b) => a.clientId - b.clientId));
    };
    const onChange = () => {
      frame ??= requestAnimationFrame(read);
    };
    read();
    awareness.on('change', onChange);
    return () => {
      awareness.off('change', onChange);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [awareness]);

  const flush = useCallback(() => {
    timer.current = null;
    if (!awareness) return;
    const fields = pending.current;
    pending.current = {};
    const state = awareness.getLocalState() ?? {};
    awareness.setLocalState({ ...state, ...fields });
  }, [awareness]);

  const send = useCallback(
    (fields: Partial<LocalPresence>, now = false) => {
      pending.current = { ...pending.current, ...fields };
      if (now) {
        if (timer.current) clearTimeout(timer.current);
        flush();
      } else {
        timer.current ??= setTimeout(flush, SEND_EVERY_MS);
      }
    },
    [flush],
  );

  // Leaving the editor withdraws cursor, selection and drag at once (the provider may outlive it).
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      pending.current = {};
      const state = awareness?.getLocalState();
      if (awareness && state) awareness.setLocalState({ user: state.user });
    },
    [awareness],
  );

  const setCursor = useCallback((cursor: Position | null) => send({ cursor }), [send]);
  const setSelection = useCallback((ids: readonly string[]) => send({ selection: [...ids] }, true), [send]);
  // The end of a drag goes out at once, so nobody keeps seeing a stale preview.
  const setDragging = useCallback(
    (dragging: Record<string, Position> | null) => send({ dragging }, dragging === null),
    [send],
  );

  return useMemo(
    () => ({ self: { clientId, name, color }, peers, setCursor, setSelection, setDragging }),
    [clientId, name, color, peers, setCursor, setSelection, setDragging],
  );
}
