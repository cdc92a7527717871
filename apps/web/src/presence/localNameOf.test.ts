import { describe, expect, it } from 'vitest';
import { localNameOf } from './localNameOf';

const session = (name: string) => ({ user: { id: 'u1', email: 'ada@example.com', name } });

describe('localNameOf', () => {
  it("uses the account's name, as cached for offline, over the device's friendly name", () => {
    expect(localNameOf(session('Ada Lovelace'), 'Brisk Quokka')).toBe('Ada Lovelace');
  });

  it('falls back to the friendly name when signed out or the account has no name', () => {
    expect(localNameOf(null, 'Brisk Quokka')).toBe('Brisk Quokka');
    expect(localNameOf(session('  '), 'Brisk Quokka')).toBe('Brisk Quokka');
  });
});
