import type { ScopedSecret } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import { carriedSecretsRefusedFor, describeSecretHostRefusal, secretsRefusedFor } from './secretHostGuard';

const secrets = new Map<string, ScopedSecret>([
  ['GH', { value: 'tok en/"x"', allowedHosts: ['api.github.com'] }],
  ['ANY', { value: 'anywhere-token', allowedHosts: [] }],
]);

describe('secretHostGuard', () => {
  it('refuses referenced secrets whose list lacks the URL host; a list-less secret goes anywhere', () => {
    expect(secretsRefusedFor('https://api.github.com:8443/x', secrets, ['GH', 'ANY'])).toEqual([]);
    expect(secretsRefusedFor('https://evil.example/x', secrets, ['GH', 'ANY', 'GH'])).toEqual(['GH']);
    expect(secretsRefusedFor('not a url', secrets, ['GH'])).toEqual(['GH']);
  });

  it('finds a carried secret as sent, percent-encoded or JSON-escaped, and only when carried', () => {
    const to = 'https://evil.example/land';
    expect(carriedSecretsRefusedFor(to, secrets, [`${to}?t=${encodeURIComponent('tok en/"x"')}`])).toEqual([
      'GH',
    ]);
    expect(carriedSecretsRefusedFor(to, secrets, ['{"t":"tok en/\\"x\\""}'])).toEqual(['GH']);
    expect(carriedSecretsRefusedFor(to, secrets, ['Bearer tok en/"x"'])).toEqual(['GH']);
    expect(carriedSecretsRefusedFor(to, secrets, [to, 'anywhere-token'])).toEqual([]);
    expect(carriedSecretsRefusedFor('https://api.github.com/', secrets, ['tok en/"x"'])).toEqual([]);
  });

  it('names the secret, its hosts and the refused host', () => {
    expect(describeSecretHostRefusal(['GH'], 'https://evil.example/x', secrets)).toBe(
      'the secret GH may only be sent to api.github.com, not to evil.example',
    );
  });
});
