import { useEffect, useState } from 'react';
import { accountApi } from '../account/accountApi';
import { friendlyName } from './friendlyName';

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

let request: Promise<string | null> | null = null;

async function fetchMyName(): Promise<string | null> {
  try {
    return (await accountApi.me()).user.name.trim() || null;
  } catch {
    return null; // signed out or offline: the friendly name stays
  }
}

/** The name collaborators see: the account's (`/api/me`) when signed in, else a friendly one kept on this device. */
export function useLocalName(): string {
  const [name, setName] = useState(storedFriendlyName);
  useEffect(() => {
    let current = true;
    request ??= fetchMyName();
    request.then((fromServer) => {
      if (!fromServer) request = null;
      else if (current) setName(fromServer);
    });
    return () => {
      current = false;
    };
  }, []);
  return name;
}
