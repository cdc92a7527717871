import { describe, expect, it } from 'vitest';
import { isHostListWithin, isSecretHostAllowed, normalizeSecretHost, splitHostList } from './secretHosts';

describe('normalizeSecretHost', () => {
  it('stores host names, subdomain wildcards and IP literals in lower case without a trailing dot', () => {
    expect(normalizeSecretHost(' API.GitHub.com. ')).toBe('api.github.com');
    expect(normalizeSecretHost('*.Example.com')).toBe('*.example.com');
    expect(normalizeSecretHost('127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeSecretHost('[::1]')).toBe('[::1]');
    expect(normalizeSecretHost('localhost')).toBe('localhost');
    expect(normalizeSecretHost('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });

  it('refuses ports, schemes, paths, wide or address wildcards and anything that is not a host', () => {
    for (const entry of [
      '',
      'example.com:443',
      'https://example.com',
      'example.com/path',
      '*.com',
      '*',
      '*.0.0.1',
      'a.*.example.com',
      '-bad.example.com',
      'bücher.example',
      'user@example.com',
      `${'a'.repeat(64)}.com`,
    ])
      expect(normalizeSecretHost(entry), entry).toBeNull();
  });
});

describe('isSecretHostAllowed', () => {
  it('allows any host when the list is empty', () => {
    expect(isSecretHostAllowed([], 'anything.example')).toBe(true);
  });

  it('matches exact names and, for a wildcard, subdomains at any depth but not the name itself', () => {
    const hosts = ['api.github.com', '*.example.com'];
    expect(isSecretHostAllowed(hosts, 'api.github.com')).toBe(true);
    expect(isSecretHostAllowed(hosts, 'API.GITHUB.COM.')).toBe(true);
    expect(isSecretHostAllowed(hosts, 'github.com')).toBe(false);
    expect(isSecretHostAllowed(hosts, 'evil-api.github.com')).toBe(false);
    expect(isSecretHostAllowed(hosts, 'a.example.com')).toBe(true);
    expect(isSecretHostAllowed(hosts, 'a.b.example.com')).toBe(true);
    expect(isSecretHostAllowed(hosts, 'example.com')).toBe(false);
    expect(isSecretHostAllowed(hosts, 'badexample.com')).toBe(false);
    expect(isSecretHostAllowed(hosts, 'example.com.evil.net')).toBe(false);
  });
});

describe('splitHostList', () => {
  it('splits typed text on commas and spaces', () => {
    expect(splitHostList(' api.github.com,*.example.com  127.0.0.1,, ')).toEqual([
      'api.github.com',
      '*.example.com',
      '127.0.0.1',
    ]);
    expect(splitHostList('  ')).toEqual([]);
  });
});

describe('isHostListWithin', () => {
  it('holds for the same list, a sublist, or names and narrower wildcards under a listed wildcard', () => {
    const before = ['api.github.com', '*.example.com'];
    expect(isHostListWithin(before, before)).toBe(true);
    expect(isHostListWithin(['api.github.com'], before)).toBe(true);
    expect(isHostListWithin(['a.example.com', '*.b.example.com'], before)).toBe(true);
    expect(isHostListWithin(['anything.net'], [])).toBe(true);
    expect(isHostListWithin([], [])).toBe(true);
  });

  it('fails for a new host, a wildcard over a listed name or a wider one, and for any host', () => {
    const before = ['api.github.com', '*.b.example.com'];
    expect(isHostListWithin(['api.github.com', 'evil.net'], before)).toBe(false);
    expect(isHostListWithin(['*.github.com'], before)).toBe(false);
    expect(isHostListWithin(['*.example.com'], before)).toBe(false);
    expect(isHostListWithin(['b.example.com'], before)).toBe(false);
    expect(isHostListWithin([], before)).toBe(false);
  });
});
