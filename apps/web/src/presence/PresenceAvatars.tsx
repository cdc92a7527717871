import type { CSSProperties } from 'react';
import { initialsOf } from './friendlyName';
import type { Presence } from './usePresence';

const MAX_SHOWN = 4;

/** Who else has this workflow open, as coloured initials; the first few by name, then "+n". */
export function PresenceAvatars({ presence }: { presence: Presence }) {
  const { peers, self } = presence;
  const shown = peers.slice(0, MAX_SHOWN);
  const hidden = peers.length - shown.length;
  const names = peers.map((p) => p.name).join(', ');
  return (
    <ul
      className="presence-avatars"
      aria-label={peers.length > 0 ? `Also editing: ${names}` : 'Nobody else is editing'}
      data-testid="presence-avatars"
    >
      {shown.map((peer) => (
        <li
          key={peer.clientId}
          className="presence-avatar"
          style={{ '--peer-color': peer.color } as CSSProperties}
          title={peer.name}
          data-testid="presence-avatar"
        >
          <span aria-hidden="true">{initialsOf(peer.name)}</span>
          <span className="visually-hidden">{peer.name}</span>
        </li>
      ))}
      {hidden > 0 && (
        <li className="presence-avatar presence-avatar--more" title={names}>
          +{hidden}
        </li>
      )}
      <li
        className="presence-avatar presence-avatar--self"
        style={{ '--peer-color': self.color } as CSSProperties}
        title={`${self.name} (you)`}
        data-testid="presence-self"
      >
        <span aria-hidden="true">{initialsOf(self.name)}</span>
        <span className="visually-hidden">{self.name} (you)</span>
      </li>
    </ul>
  );
}
