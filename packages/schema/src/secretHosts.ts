/**
 * The hosts a workspace vault secret may be sent to (ADR 0028). An entry is a host name (`api.github.com`),
 * a wildcard for its subdomains (`*.example.com`: `a.example.com` and `a.b.example.com`, not
 * `example.com` itself), an IPv4 address or a bracketed IPv6 address as a URL shows it (`[::1]`). Ports
 * are not part of an entry: a secret allowed for a host may go to any of its ports, since they are one
 * owner's. Host names are ASCII (an internationalised name in its `xn--` form, as URLs carry it). An empty
 * list means any host, as before the lists existed.
 */
export const MAX_SECRET_HOSTS = 20;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
// A wildcard needs two labels after it: `*.com` would allow half the internet.
const HOST_ENTRY = new RegExp(
  `^(?:\\*\\.(?:${LABEL}\\.)+${LABEL}|(?:${LABEL}\\.)*${LABEL}|\\[[0-9a-f:.]+\\])$`,
);

/** The entry in its stored form (lower case, no trailing dot), or null when it is not a host entry. */
export function normalizeSecretHost(entry: string): string | null {
  const host = entry.trim().toLowerCase().replace(/\.$/, '');
  if (host.length > 253 || !HOST_ENTRY.test(host)) return null;
  // `*.0.0.1` is not a name's subdomains but a set of addresses.
  return host.startsWith('*.') && /\.\d+$/.test(host) ? null : host;
}

/**
 * Whether a request to `hostname` (a URL's `hostname`: lower case, `xn--` form, IPv6 in brackets) may
 * carry a secret limited to `allowedHosts` (stored entries; empty allows any host).
 */
export function isSecretHostAllowed(allowedHosts: readonly string[], hostname: string): boolean {
  if (allowedHosts.length === 0) return true;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowedHosts.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/**
 * Whether every host `next` allows is one `previous` allowed too: a narrowing (or the same list). Empty
 * lists allow any host, so anything is within an empty `previous` and an empty `next` is within only that.
 */
export function isHostListWithin(next: readonly string[], previous: readonly string[]): boolean {
  if (previous.length === 0) return true;
  if (next.length === 0) return false;
  return next.every((entry) =>
    entry.startsWith('*.')
      ? previous.some((old) => old.startsWith('*.') && (entry === old || entry.endsWith(old.slice(1))))
      : isSecretHostAllowed(previous, entry),
  );
}

/** The entries of a host list typed as text (`api.github.com, *.example.com`): split on commas and spaces. */
export function splitHostList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** A vault secret as a run reads it: the value and the hosts it may be sent to (empty: any). */
export interface ScopedSecret {
  value: string;
  allowedHosts: readonly string[];
}
