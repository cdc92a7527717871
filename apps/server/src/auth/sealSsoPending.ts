import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SsoPending } from './createSsoService';

/** How long a browser has between leaving for the provider and coming back. */
export const SSO_PENDING_TTL_MS = 10 * 60 * 1000;

const mac = (secret: Uint8Array, payload: string) =>
  createHmac('sha256', secret).update(`synapse-sso-pending\u0000${payload}`).digest();

/** The state, nonce and PKCE verifier of a sign-in, signed so the browser can carry but not forge them. */
export function sealSsoPending(pending: SsoPending, secret: Uint8Array, expiresAt: number): string {
  const payload = Buffer.from(JSON.stringify({ ...pending, exp: expiresAt })).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The pending sign-in a cookie carries, or null when it is missing, forged, altered or expired. */
export function openSsoPending(
  sealed: string | undefined,
  secret: Uint8Array,
  now: number,
): SsoPending | null {
  if (!sealed || sealed.length > 4096) return null;
  const [payload = '', signature = ''] = sealed.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const fields = ['state', 'nonce', 'codeVerifier', 'redirectUri'] as const;
    if (typeof value.exp !== 'number' || value.exp <= now) return null;
    if (!fields.every((f) => typeof value[f] === 'string')) return null;
    const [state, nonce, codeVerifier, redirectUri] = fields.map((f) => value[f] as string);
    return { state, nonce, codeVerifier, redirectUri } as SsoPending;
  } catch {
    return null;
  }
}
