import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { newRecoveryCodes, newTotpSecret, totpUri, verifyTotp } from './verifyTotp';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP_MS = 30_000;
const codeAt = (timestamp: number, secret = SECRET) => TOTP.generate({ secret: secretOf(secret), timestamp });
const secretOf = (base32: string) => new TOTP({ secret: base32 }).secret;

// A controllable clock: every check names its own `now`.
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % STEP_MS) + 1_000;
const step0 = T0 / STEP_MS;

describe('verifyTotp', () => {
  it('accepts the current code and one step either side, and nothing further', () => {
    const check = (codeTime: number) =>
      verifyTotp({ secret: SECRET, code: codeAt(codeTime), now: T0, lastUsedStep: null });
    expect(check(T0)).toEqual({ ok: true, step: Math.floor(step0) });
    expect(check(T0 - STEP_MS)).toEqual({ ok: true, step: Math.floor(step0) - 1 });
    expect(check(T0 + STEP_MS)).toEqual({ ok: true, step: Math.floor(step0) + 1 });
    expect(check(T0 - 2 * STEP_MS)).toEqual({ ok: false, reason: 'invalid' });
    expect(check(T0 + 2 * STEP_MS)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a replayed code and any code older than the last one used', () => {
    const first = verifyTotp({ secret: SECRET, code: codeAt(T0), now: T0, lastUsedStep: null });
    expect(first.ok).toBe(true);
    const used = first.ok ? first.step : -1;
    expect(verifyTotp({ secret: SECRET, code: codeAt(T0), now: T0 + 5_000, lastUsedStep: used })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ secret: SECRET, code: codeAt(T0 - STEP_MS), now: T0, lastUsedStep: used })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    // The next step's code is fresh.
    expect(
      verifyTotp({ secret: SECRET, code: codeAt(T0 + STEP_MS), now: T0 + STEP_MS, lastUsedStep: used }).ok,
    ).toBe(true);
  });

  it('refuses malformed codes and codes of another secret', () => {
    const other = newTotpSecret();
    for (const code of ['', '12345', '1234567', 'abcdef', codeAt(T0, other)])
      expect(verifyTotp({ secret: SECRET, code, now: T0, lastUsedStep: null }).ok).toBe(code === codeAt(T0));
    expect(
      verifyTotp({
        secret: SECRET,
        code: ` ${codeAt(T0).slice(0, 3)} ${codeAt(T0).slice(3)} `,
        now: T0,
        lastUsedStep: null,
      }).ok,
    ).toBe(true);
  });
});

describe('enrolment material', () => {
  it('makes 160-bit secrets and a standard otpauth URI', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'ada@example.com', 'Synapse'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Synapse');
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('makes distinct recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });
});
