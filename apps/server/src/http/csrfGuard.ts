import { ErrorCodes } from '@synapse/schema';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './HttpError';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery defence for every state-changing API call, on top of SameSite=Lax cookies
 * (which same-site subdomains do not stop): a browser always says where a request comes from, through
 * `Sec-Fetch-Site` and, on every non-GET request, `Origin`. Requests that come from another origin are
 * refused. A request with neither header is not from a browser, so it carries no ambient cookie to abuse.
 * The check applies to signup and login too (login CSRF), and needs nothing from the client.
 */
export function csrfGuard(
  options: { allowedOrigins?: readonly string[]; trustProxy?: boolean } = {},
): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none')
      throw new HttpError(403, ErrorCodes.csrf, `cross-site request refused (Sec-Fetch-Site: ${fetchSite})`);
    const origin = c.req.header('origin');
    if (origin !== undefined && !options.allowedOrigins?.includes(origin)) {
      // Compared by host: behind a TLS-terminating proxy the scheme the server sees is not the browser's.
      const host =
        (options.trustProxy ? c.req.header('x-forwarded-host') : undefined) ??
        c.req.header('host') ??
        new URL(c.req.url).host;
      let originHost: string | null = null;
      try {
        originHost = origin === 'null' ? null : new URL(origin).host;
      } catch {
        originHost = null;
      }
      if (originHost !== host)
        throw new HttpError(403, ErrorCodes.csrf, `cross-origin request refused (Origin: ${origin})`);
    }
    return next();
  };
}
