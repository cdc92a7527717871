import { useEffect, useState } from 'react';
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

function nameFromMe(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const raw = body as Record<string, unknown>;
  const user = (raw.user && typeof raw.user === 'object' ? raw.user : raw) as Record<string, unknown>;
  for (const key of ['displayName', 'name']) {
    const value = user[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

let request: Promise<string | null> | null = null;

async function fetchMyName(): Promise<string | null> {
  try {
    const res = await fetch('/api/me', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    return res.ok ? nameFromMe(await res.json()) : null;
  } catch {
    return null;
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
