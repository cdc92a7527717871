import { describe, expect, it } from 'vitest';
import {
  type AddressPolicy,
  checkAddress,
  DEFAULT_ADDRESS_POLICY,
  type LookupAddresses,
  parseAddressAllowList,
} from './checkAddress';
import { addressInCidr, classifyAddress } from './classifyAddress';

const resolvesTo =
  (map: Record<string, string[]>): LookupAddresses =>
  async (host) => {
    const addresses = map[host];
    if (!addresses) throw new Error('ENOTFOUND');
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const dns = resolvesTo({
  'api.openai.com': ['104.18.7.192'],
  'internal.example': ['10.0.0.5'],
  'sneaky.example': ['93.184.216.34', '127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'v6.example': ['::1'],
  localhost: ['127.0.0.1', '::1'],
  'ollama.lan': ['192.168.1.20'],
});

async function refused(url: string, policy: AddressPolicy = DEFAULT_ADDRESS_POLICY): Promise<string> {
  const result = await checkAddress(url, policy, dns);
  if (result.ok) throw new Error(`${url} was allowed`);
  return result.reason;
}

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['168.63.129.17', 'public'],
    ['169.254.170.2', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['::ffff:168.63.129.16', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['fd20:ce::254', 'metadata'],
    ['ff02::1', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['[::1]', 'loopback'],
    ['not-an-ip', null],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('matches CIDRs for both families', () => {
    expect(addressInCidr('127.0.0.1', '127.0.0.0/8')).toBe(true);
    expect(addressInCidr('128.0.0.1', '127.0.0.0/8')).toBe(false);
    expect(addressInCidr('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(addressInCidr('::1', '::1/128')).toBe(true);
    expect(addressInCidr('fd00::5', 'fd00::/8')).toBe(true);
    expect(addressInCidr('fe00::5', 'fd00::/8')).toBe(false);
    expect(addressInCidr('10.0.0.1', '::1/128')).toBe(false);
  });
});

describe('checkAddress (SSRF)', () => {
  it('allows public https and http hosts, pinning the address it checked', async () => {
    const result = await checkAddress('https://api.openai.com/v1', DEFAULT_ADDRESS_POLICY, dns);
    expect(result).toMatchObject({ ok: true, pinned: { address: '104.18.7.192', family: 4 } });
    expect((await checkAddress('http://8.8.8.8/', DEFAULT_ADDRESS_POLICY, dns)).ok).toBe(true);
  });

  it.each([
    'http://127.0.0.1:11434/v1',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.8/',
    'http://192.168.1.1/',
    'http://172.20.0.1/',
    'http://0.0.0.0/',
    'http://2130706433/', // decimal 127.0.0.1
    'http://0177.0.0.1/', // octal
    'http://0x7f.1/',
    'http://localhost:8080/',
    'http://internal.example/v1', // a name resolving to a private address
    'http://metadata.example/',
    'http://v6.example/',
    'http://sneaky.example/', // one public and one loopback address: a rebinding trick
  ])('refuses %s', async (url) => {
    expect(await refused(url)).toMatch(/not allowed/);
  });

  it('refuses other schemes, credentials and names that do not resolve', async () => {
    expect(await refused('file:///etc/passwd')).toMatch(/file: URLs are not allowed/);
    expect(await refused('javascript:alert(1)')).toMatch(/not allowed/);
    expect(await refused('gopher://api.openai.com/')).toMatch(/not allowed/);
    expect(await refused('https://user:pw@api.openai.com/')).toMatch(/credentials/);
    expect(await refused('https://nope.invalid/')).toMatch(/does not resolve/);
    expect(await refused('not a url')).toMatch(/not a valid URL/);
  });

  it('lets an operator allow private ranges, but metadata endpoints stay refused', async () => {
    const policy = { allowPrivate: true, allow: [] };
    expect((await checkAddress('http://127.0.0.1:11434/v1', policy, dns)).ok).toBe(true);
    expect((await checkAddress('http://internal.example/', policy, dns)).ok).toBe(true);
    expect((await checkAddress('http://[fd00::1]/', policy, dns)).ok).toBe(true);
    expect(await refused('http://169.254.169.254/', policy)).toMatch(/metadata/);
    expect(await refused('http://168.63.129.16/machine?comp=goalstate', policy)).toMatch(/metadata/);
    expect(await refused('http://0.0.0.0/', policy)).toMatch(/unspecified/);
  });

  it('lets an operator allow exact CIDRs and hostnames', async () => {
    const policy = {
      allowPrivate: false,
      allow: parseAddressAllowList('127.0.0.0/8, ::1/128, ollama.lan, *.corp.example'),
    };
    expect((await checkAddress('http://127.0.0.1:9/', policy, dns)).ok).toBe(true);
    expect((await checkAddress('http://[::1]:9/', policy, dns)).ok).toBe(true);
    expect((await checkAddress('http://ollama.lan:11434/', policy, dns)).ok).toBe(true);
    expect(await refused('http://10.0.0.8/', policy)).toMatch(/private/);
    expect(await refused('http://internal.example/', policy)).toMatch(/private/);
    expect(parseAddressAllowList(undefined)).toEqual([]);
    expect(() => parseAddressAllowList('bad host!')).toThrow();
  });
});
