import { describe, expect, it } from 'vitest';
import { openSsoPending, sealSsoPending } from './sealSsoPending';

const secret = new TextEncoder().encode('a'.repeat(32));
const pending = { state: 's', nonce: 'n', codeVerifier: 'v', redirectUri: 'http://127.0.0.1/cb' };

describe('sealSsoPending', () => {
  it('opens what it sealed until it expires', () => {
    const sealed = sealSsoPending(pending, secret, 1000);
    expect(openSsoPending(sealed, secret, 999)).toEqual(pending);
    expect(openSsoPending(sealed, secret, 1000)).toBeNull();
  });

  it('refuses a cookie that was altered, forged with another secret, or is missing', () => {
    const sealed = sealSsoPending(pending, secret, 1000);
    const [payload, signature] = sealed.split('.');
    const altered = Buffer.from(JSON.stringify({ ...pending, state: 'attacker', exp: 1000 })).toString(
      'base64url',
    );
    expect(openSsoPending(`${altered}.${signature}`, secret, 0)).toBeNull();
    expect(openSsoPending(`${payload}.`, secret, 0)).toBeNull();
    expect(openSsoPending(sealSsoPending(pending, new Uint8Array(32), 1000), secret, 0)).toBeNull();
    expect(openSsoPending(undefined, secret, 0)).toBeNull();
    expect(openSsoPending('garbage', secret, 0)).toBeNull();
  });
});
