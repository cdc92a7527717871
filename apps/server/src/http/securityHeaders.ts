import type { MiddlewareHandler } from 'hono';

/**
 * What the web app needs and nothing more: its own scripts (no inline script, no eval), its own workers
 * and service worker, WebSocket and fetch to its own origin (CSP3 `'self'` covers ws: and wss:), inline
 * style attributes (React and xyflow set them), and no framing by anyone.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A page that needs one inline script (the API docs page) allows exactly that script by nonce. */
export function contentSecurityPolicyWithNonce(nonce: string): string {
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'nonce-${nonce}'`);
}

const HEADERS: [string, string][] = [
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ['x-content-type-options', 'nosniff'],
  // Invite links carry their token in the URL: never send it to another site.
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
];

/** Sets the security headers on every response that has not set its own. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status === 101) return; // a WebSocket upgrade: no document to protect
    for (const [name, value] of HEADERS) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
