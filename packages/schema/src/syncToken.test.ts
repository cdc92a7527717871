import { describe, expect, it } from 'vitest';
import { signSyncToken, verifySyncToken } from './syncToken';

// The package compiles without DOM/Node libs; these globals exist in every runtime the tests use.
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare function btoa(s: string): string;

const secret = new TextEncoder().encode('a-test-secret-of-32-bytes-length!');
const claims = { sub: 'u1', kind: 'user' as const, name: 'Ada', exp: 10_000 };

describe('sync tokens', () => {
  it('round-trips claims before expiry', async () => {
    const token = await signSyncToken(claims, secret);
    expect(await verifySyncToken(token, secret, 9_999)).toEqual({ ok: true, claims });
  });

  it('rejects an expired token', async () => {
    const token = await signSyncToken(claims, secret);
    expect(await verifySyncToken(token, secret, 10_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signSyncToken(claims, new TextEncoder().encode('another-secret'));
    expect(await verifySyncToken(token, secret, 0)).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects a tampered payload', async () => {
    const token = await signSyncToken(claims, secret);
    const [, sig] = token.split('.');
    const forged = `${btoa(JSON.stringify({ ...claims, sub: 'admin' })).replace(/=+$/, '')}.${sig}`;
    expect((await verifySyncToken(forged, secret, 0)).ok).toBe(false);
  });

  it.each(['', 'x', 'a.b.c', '!!!.???', '.'])(
    'rejects malformed input %j without throwing',
    async (input) => {
      expect((await verifySyncToken(input, secret, 0)).ok).toBe(false);
    },
  );

  it('carries the API token a script token was derived from, and refuses a script token without one', async () => {
    const script = { sub: 'u1', kind: 'token' as const, name: 'CI', exp: 10_000, tid: 'tok1' };
    expect(await verifySyncToken(await signSyncToken(script, secret), secret, 0)).toEqual({
      ok: true,
      claims: script,
    });
    const { tid: _dropped, ...withoutTokenId } = script;
    expect(await verifySyncToken(await signSyncToken(withoutTokenId, secret), secret, 0)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
