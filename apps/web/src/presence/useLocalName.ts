import { useState } from 'react';
import { useSession } from '../account/useSession';
import { friendlyName } from './friendlyName';
import { localNameOf } from './localNameOf';

const STORAGE_KEY = 'synapse.presence.name';

function storedFriendlyName(): string {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored?.trim()) return stored;
    const name = friendlyName();
    localStorage.setItem(STORAGE_KEY, name);
    return name;
  } catch {
    return friendlyName(); // storage blocked: a name for this session only
  }
}

/**
 * The name collaborators see: the account's, from the session (which this device caches, so it holds
 * offline and after an offline reload), else a friendly one kept on this device.
 */
export function useLocalName(): string {
  const session = useSession()?.session ?? null;
  const [fallback] = useState(storedFriendlyName);
  return localNameOf(session, fallback);
}
