import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addMasterKey, formatMasterKeyring, parseMasterKeyring } from './masterKeyring';

describe('master keyring', () => {
  it('parses ids and keys in base64, base64url and hex; the first is current', () => {
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const ring = parseMasterKeyring(
      `new:${a.toString('base64url')}, old:${b.toString('base64')}\nolder:${c.toString('hex')}`,
    );
    expect(ring.currentId).toBe('new');
    expect(Buffer.from(ring.keys.get('old')!)).toEqual(b);
    expect(Buffer.from(ring.keys.get('older')!)).toEqual(c);
  });

  it('derives a stable id for a bare key and round-trips through its text form', () => {
    const key = randomBytes(32).toString('base64');
    const ring = parseMasterKeyring(key);
    expect(ring.currentId).toMatch(/^k[0-9a-f]{8}$/);
    expect(parseMasterKeyring(key).currentId).toBe(ring.currentId);
    const rotated = addMasterKey(ring, 42);
    const reparsed = parseMasterKeyring(formatMasterKeyring(rotated));
    expect(reparsed.currentId).toBe(rotated.currentId);
    expect([...reparsed.keys.keys()].sort()).toEqual([ring.currentId, rotated.currentId].sort());
  });

  it('rejects short keys, bad ids, duplicates and empty rings', () => {
    expect(() => parseMasterKeyring('')).toThrow(/empty/);
    expect(() => parseMasterKeyring(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseMasterKeyring(`bad id:${randomBytes(32).toString('hex')}`)).toThrow(
      /invalid master key id/,
    );
    const k = randomBytes(32).toString('hex');
    expect(() => parseMasterKeyring(`a:${k},a:${k}`)).toThrow(/twice/);
  });
});
