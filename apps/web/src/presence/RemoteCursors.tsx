import { useStore } from '@xyflow/react';
import type { CSSProperties } from 'react';
import type { PeerPresence } from './readPeerState';

/**
 * Collaborators' pointers over the canvas. They travel in flow coordinates, so each person sees them
 * on the same spot of the graph whatever their own pan and zoom; drawn at constant size on top.
 */
export function RemoteCursors({ peers }: { peers: readonly PeerPresence[] }) {
  const [tx, ty, zoom] = useStore((s) => s.transform);
  return (
    <div className="remote-cursors" aria-hidden="true">
      {peers.map((peer) =>
        peer.cursor ? (
          <div
            key={peer.clientId}
            className="remote-cursor"
            data-testid="remote-cursor"
            style={
              {
                transform: `translate(${peer.cursor.x * zoom + tx}px, ${peer.cursor.y * zoom + ty}px)`,
                '--peer-color': peer.color,
              } as CSSProperties
            }
          >
            <svg
              width="18"
              height="18"
              viewBox="0 0 18 18"
              className="remote-cursor__arrow"
              aria-hidden="true"
            >
              <path d="M2 1.5 L15.5 8.2 L9 9.6 L6.2 16 Z" />
            </svg>
            <span className="remote-cursor__name">{peer.name}</span>
          </div>
        ) : null,
      )}
    </div>
  );
}
