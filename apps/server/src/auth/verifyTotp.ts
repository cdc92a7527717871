import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults, which every authenticator app reads from the URI. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the previous and next step are accepted too, for clock drift and a code typed as it turns. */
const WINDOW = 1;

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

function totp(secret: string, label = 'Synapse', issuer = 'Synapse'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A fresh 160-bit secret (RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app enrols from (the QR code encodes it). */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totp(secret, account, issuer).toString();
}

/**
 * Checks a code against the secret at `now` (±1 step), refusing a step at or before `lastUsedStep`: each
 * code works once, and so does any code older than the last one used. The caller still claims the step
 * atomically in the database, so two requests racing with the same code cannot both pass.
 */
export function verifyTotp(input: {
  secret: string;
  code: string;
  now: number;
  lastUsedStep: number | null;
}): TotpVerdict {
  const token = input.code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const delta = totp(input.secret).validate({ token, timestamp: input.now, window: WINDOW });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: input.now }) + delta;
  if (input.lastUsedStep !== null && step <= input.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time codes like `k7qm-x2pd-4hna` (about 59 bits each), shown once and stored hashed. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}
