import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'synapse_session';

export interface CookiePolicy {
  /** `auto`: Secure when the request arrived over https (or the trusted proxy says so). */
  secure: 'auto' | boolean;
  trustProxy: boolean;
}

/** Whether a cookie set on this request should be `Secure`. */
export function isSecure(c: Context, policy: CookiePolicy): boolean {
  if (policy.secure !== 'auto') return policy.secure;
  if (policy.trustProxy && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** HttpOnly (no script can read it), SameSite=Lax (no cross-site subrequest carries it). */
export function setSessionCookie(c: Context, token: string, expiresAt: number, policy: CookiePolicy): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c, policy),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context, policy: CookiePolicy): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    secure: isSecure(c, policy),
    httpOnly: true,
    sameSite: 'Lax',
  });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}
