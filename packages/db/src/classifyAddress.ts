import { isIP } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'reserved';

/** IPv4 → 32-bit number, or null when not a dotted quad. */
function ipv4ToInt(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const v = Number(part);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** IPv6 → 8 hextets, or null. Handles `::` and an embedded dotted IPv4 tail. */
function ipv6ToHextets(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = ipv4ToInt(tail[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, -tail[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const out: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    out.push(Number.parseInt(g, 16));
  }
  return out.length === 8 ? out : null;
}

function inV4(n: number, base: string, bits: number): boolean {
  const b = ipv4ToInt(base) as number;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return (n & mask) >>> 0 === (b & mask) >>> 0;
}

/**
 * The major clouds' instance-platform endpoints, refused even where private addresses are allowed: they
 * hand out credentials or configuration to whatever on the machine asks.
 */
const METADATA_V4 = new Set(
  [
    '169.254.169.254', // AWS, GCP, Azure, Oracle, DigitalOcean, Hetzner, OpenStack instance metadata
    '169.254.169.253', // AWS VPC DNS resolver
    '169.254.169.123', // AWS time sync
    '169.254.170.2', // AWS ECS task metadata and credentials
    '169.254.170.23', // AWS EKS pod identity agent
    '168.63.129.16', // Azure WireServer (VM agent, health probes, DNS): a public address, not link-local
    '100.100.100.200', // Alibaba Cloud
    '192.0.0.192', // Oracle Cloud legacy metadata
    '169.254.0.23', // Tencent Cloud
  ].map((a) => ipv4ToInt(a) as number),
);

function classifyV4(n: number): AddressClass {
  if (METADATA_V4.has(n)) return 'metadata';
  if (inV4(n, '0.0.0.0', 8)) return 'unspecified';
  if (inV4(n, '127.0.0.0', 8)) return 'loopback';
  if (inV4(n, '169.254.0.0', 16)) return 'link-local';
  if (inV4(n, '10.0.0.0', 8) || inV4(n, '172.16.0.0', 12) || inV4(n, '192.168.0.0', 16)) return 'private';
  if (inV4(n, '100.64.0.0', 10)) return 'private'; // carrier-grade NAT
  const reserved: [string, number][] = [
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  return reserved.some(([base, bits]) => inV4(n, base, bits)) ? 'reserved' : 'public';
}

function classifyV6(h: number[]): AddressClass {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, i = 0] = h;
  const embeddedV4 = ((g << 16) | i) >>> 0;
  if (h.every((x) => x === 0)) return 'unspecified';
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && g === 0 && i === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 address.
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0))
    return classifyV4(embeddedV4);
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return classifyV4(embeddedV4);
  // 6to4 (2002::/16) embeds an IPv4 address in hextets 2–3.
  if (a === 0x2002) return classifyV4(((b << 16) | c) >>> 0);
  if (
    a === 0xfd00 &&
    b === 0x0ec2 &&
    c === 0 &&
    d === 0 &&
    e === 0 &&
    f === 0 &&
    g === 0 &&
    (i === 0x254 || i === 0x23)
  )
    return 'metadata'; // AWS IMDS and VPC DNS over IPv6
  if (a === 0xfd20 && b === 0x00ce && c === 0 && d === 0 && e === 0 && f === 0 && g === 0 && i === 0x254)
    return 'metadata'; // GCP metadata over IPv6
  if ((a & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return 'link-local'; // fe80::/10, old site-local
  if ((a & 0xff00) === 0xff00) return 'reserved'; // multicast
  if (a === 0x2001 && b === 0x0db8) return 'reserved'; // documentation
  if (a === 0x2001 && b === 0) return 'reserved'; // Teredo tunnels an arbitrary IPv4 address
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return 'reserved'; // discard-only
  return 'public';
}

/** What kind of address an IP literal is; `null` when it is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) return classifyV4(ipv4ToInt(bare) as number);
  if (family === 6) {
    const hextets = ipv6ToHextets(bare);
    return hextets ? classifyV6(hextets) : null;
  }
  return null;
}

/** Whether `address` lies in `cidr` (`10.0.0.0/8`, `::1/128`, or a bare address). */
export function addressInCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const v4 = ipv4ToInt(address);
  const baseV4 = ipv4ToInt(base);
  if (v4 !== null && baseV4 !== null) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    return Number.isInteger(bits) && bits >= 0 && bits <= 32 && inV4(v4, base, bits);
  }
  const h = ipv6ToHextets(address);
  const hb = ipv6ToHextets(base);
  if (!h || !hb) return false;
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 128) return false;
  for (let i = 0; i < 8; i++) {
    const take = Math.max(0, Math.min(16, bits - i * 16));
    if (take === 0) return true;
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((h[i] ?? 0) & mask) !== ((hb[i] ?? 0) & mask)) return false;
  }
  return true;
}
