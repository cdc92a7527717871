import { isIP } from 'node:net';
import { ErrorCodes } from '@synapse/schema';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './HttpError';

/** The host name of a `Host` header value: `[::1]:4000` → `::1`, `Example.COM.:80` → `example.com`. */
function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  const name = text.startsWith('[') ? text.slice(1, text.indexOf(']')) : text.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/**
 * Whether a request's host may be served: IP literals and `localhost` always (a DNS-rebinding page needs a
 * name it controls, so neither can be one), the operator's names (`synapse.example.com`,
 * `*.corp.example`), or anything when the list holds `*`.
 */
export function isAllowedHost(header: string, allowedHosts: readonly string[]): boolean {
  const name = hostName(header);
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase().replace(/\.$/, '');
    if (allowed === '*') return true;
    if (allowed.startsWith('*.')) return name.endsWith(allowed.slice(1)) && name.length > allowed.length - 1;
    return allowed === name;
  });
}

/**
 * DNS-rebinding defence: a page on `attacker.example` whose name is re-pointed at this server is
 * same-origin with it as far as the browser knows, so it passes the Origin check of `csrfGuard` — but
 * its requests carry `Host: attacker.example`. Serving only configured names stops it on every route,
 * the WebSocket upgrade and the web app included.
 */
export function hostGuard(options: {
  allowedHosts: readonly string[];
  trustProxy?: boolean;
}): MiddlewareHandler {
  return async (c, next) => {
    const host = (options.trustProxy ? c.req.header('x-forwarded-host') : undefined) ?? c.req.header('host');
    if (host !== undefined && !isAllowedHost(host, options.allowedHosts)) {
      throw new HttpError(
        403,
        ErrorCodes.hostNotAllowed,
        `host "${hostName(host)}" is not served here; add it to SYNAPSE_ALLOWED_HOSTS to allow it`,
      );
    }
    return next();
  };
}
