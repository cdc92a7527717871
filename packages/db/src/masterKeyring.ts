import { createHash, randomBytes } from 'node:crypto';

/**
 * The master keys (key-encryption keys) that wrap provider-key data keys. New data keys are wrapped with
 * `currentId`; older ids stay in the ring so rows wrapped before a rotation still open.
 */
export interface MasterKeyring {
  currentId: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(text: string): Uint8Array | null {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : null;
  return bytes && bytes.length === 32 ? new Uint8Array(bytes) : null;
}

/** A stable id for a key given without one: the first 8 hex digits of its SHA-256. */
function fingerprintId(key: Uint8Array): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/**
 * Parses `id:key[,id:key…]` (commas or newlines; keys are 32 bytes as base64, base64url or hex). The first
 * entry is the current key. A bare key without `id:` gets an id derived from its fingerprint.
 */
export function parseMasterKeyring(text: string): MasterKeyring {
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));
  if (entries.length === 0) throw new Error('master keyring is empty');
  const keys = new Map<string, Uint8Array>();
  let currentId = '';
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const key = decodeKey(colon === -1 ? entry : entry.slice(colon + 1));
    if (!key) throw new Error('master keys must be 32 bytes, written as base64, base64url or 64 hex digits');
    const id = colon === -1 ? fingerprintId(key) : entry.slice(0, colon).trim();
    if (!KEY_ID.test(id))
      throw new Error(`invalid master key id ${JSON.stringify(id)}: 1–32 of A–Z a–z 0–9 _ -`);
    if (keys.has(id)) throw new Error(`master key id ${id} appears twice`);
    keys.set(id, key);
    currentId ||= id;
  }
  return { currentId, keys };
}

/** The text form `parseMasterKeyring` reads; the current key first. */
export function formatMasterKeyring(ring: MasterKeyring): string {
  const ids = [ring.currentId, ...[...ring.keys.keys()].filter((id) => id !== ring.currentId)];
  return `${ids.map((id) => `${id}:${Buffer.from(ring.keys.get(id) as Uint8Array).toString('base64url')}`).join('\n')}\n`;
}

/** A ring whose current key is a fresh random one, keeping the old keys for rows not yet rewrapped. */
export function addMasterKey(ring: MasterKeyring | null, now: number = Date.now()): MasterKeyring {
  const key = new Uint8Array(randomBytes(32));
  let id = `k${now.toString(36)}`;
  while (ring?.keys.has(id)) id = `${id}x`;
  return { currentId: id, keys: new Map([[id, key], ...(ring?.keys ?? [])]) };
}
