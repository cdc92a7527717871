import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type AddressClass, addressInCidr, classifyAddress } from './classifyAddress';

/**
 * Where the server and runner may send requests to user-supplied URLs (custom provider base URLs, MCP HTTP
 * servers). Public addresses are always allowed; cloud metadata endpoints only through `allow`.
 */
export interface AddressPolicy {
  /** Also allow loopback, private (RFC 1918, CGNAT, unique-local) and link-local addresses. */
  allowPrivate: boolean;
  /** Hostnames (`ollama.lan`, `*.corp.example`) and CIDRs (`127.0.0.0/8`, `::1/128`) allowed regardless. */
  allow: readonly string[];
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = Object.freeze({ allowPrivate: false, allow: [] });

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type LookupAddresses = (hostname: string) => Promise<ResolvedAddress[]>;

export type AddressCheck =
  | { ok: true; url: URL; addresses: ResolvedAddress[]; pinned: ResolvedAddress }
  | { ok: false; reason: string };

export const systemLookup: LookupAddresses = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const PRIVATE_CLASSES = new Set<AddressClass>(['loopback', 'private', 'link-local']);
const LOOKUP_TIMEOUT_MS = 5000;

/** Parses `SYNAPSE_ALLOWED_ADDRESSES`-style text: comma-separated hostnames and CIDRs. */
export function parseAddressAllowList(text: string | undefined): string[] {
  if (!text) return [];
  const entries = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    const [base = ''] = entry.split('/');
    const isCidr = isIP(base) !== 0;
    if (!isCidr && !/^(\*\.)?[a-z0-9.-]+$/.test(entry)) throw new Error(`invalid allowed address ${entry}`);
  }
  return entries;
}

function hostAllowed(hostname: string, allow: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allow.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : entry === host,
  );
}

function addressAllowed(address: string, policy: AddressPolicy): string | null {
  const cls = classifyAddress(address);
  if (cls === null) return `${address} is not an IP address`;
  if (policy.allow.some((entry) => isIP(entry.split('/')[0] ?? '') !== 0 && addressInCidr(address, entry)))
    return null;
  if (cls === 'public') return null;
  if (policy.allowPrivate && PRIVATE_CLASSES.has(cls)) return null;
  return `${address} is a ${cls} address`;
}

/**
 * Decides whether a URL may be fetched, on the addresses its host resolves to (so a public-looking name
 * that resolves to 127.0.0.1 or 169.254.169.254 is refused). Every resolved address must pass, since a
 * name with one public and one private address is a rebinding trick. Callers connect to `pinned` — never
 * resolving again — so the address checked is the address used.
 */
export async function checkAddress(
  input: string | URL,
  policy: AddressPolicy,
  lookup: LookupAddresses = systemLookup,
): Promise<AddressCheck> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `${url.protocol} URLs are not allowed; use http or https` };
  if (url.username || url.password) return { ok: false, reason: 'URLs may not contain credentials' };
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) return { ok: false, reason: 'URL has no host' };

  let addresses: ResolvedAddress[];
  const family = isIP(hostname);
  if (family !== 0) {
    addresses = [{ address: hostname, family }];
  } else {
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      addresses = await Promise.race([
        lookup(hostname),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('DNS lookup timed out')), LOOKUP_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
    } catch (error) {
      return { ok: false, reason: `${hostname} does not resolve (${(error as Error).message})` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${hostname} does not resolve` };
  if (!hostAllowed(hostname, policy.allow)) {
    for (const { address } of addresses) {
      const refusal = addressAllowed(address, policy);
      if (refusal)
        return {
          ok: false,
          reason: `${hostname} is not allowed: ${refusal} (an operator can allow it with SYNAPSE_ALLOWED_ADDRESSES or SYNAPSE_ALLOW_PRIVATE_ADDRESSES)`,
        };
    }
  }
  return { ok: true, url, addresses, pinned: addresses[0] as ResolvedAddress };
}
