// Custom provider base URLs are checked on the address they resolve to: loopback, private, link-local and
// metadata addresses are refused unless the operator allows them, and DNS answers cannot be swapped
// between the check and the request. Saving a key needs no DNS: its URL's form and a literal IP are
// checked then; a name is checked on what it resolves to when the key is tested or used.
import type { LookupAddresses } from '@synapse/db';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let resolutions = 0;
const lookup: LookupAddresses = async (host) => {
  resolutions += 1;
  const table: Record<string, string[]> = {
    'internal.example': ['10.0.0.5'],
    'metadata.example': ['169.254.169.254'],
    'api.public.example': ['93.184.216.34'],
  };
  const found = table[host];
  if (!found) throw new Error('ENOTFOUND');
  return found.map((address) => ({ address, family: 4 }));
};

let stack: Stack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startStack({
    devAuth: false,
    addressPolicy: { allowPrivate: false, allow: [] },
    server: { lookup },
  });
  owner = await stack.users.signUp({ name: 'SSRF owner' });
});
afterAll(async () => {
  await stack?.stop();
});

const addKey = (baseUrl: string | undefined, provider = 'custom:test') =>
  owner.request('/api/workspaces/default/keys', {
    body: { provider, apiKey: 'sk-ssrf-test-0123456789', ...(baseUrl === undefined ? {} : { baseUrl }) },
  });

describe('address policy for provider base URLs', () => {
  it.each([
    'http://127.0.0.1:11434/v1',
    'http://[::1]:8080/v1',
    'http://[::ffff:127.0.0.1]/v1',
    'http://169.254.169.254/latest/meta-data',
    'http://10.1.2.3/v1',
    'http://192.168.0.10/v1',
    'http://0.0.0.0:80/v1',
    'http://2130706433/v1',
  ])('refuses the literal address %s when the key is saved, without DNS', async (baseUrl) => {
    const before = resolutions;
    const response = await addKey(baseUrl);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('synapse.address.refused');
    expect(JSON.stringify(body)).not.toContain('sk-ssrf');
    expect(resolutions).toBe(before);
  });

  it('refuses the built-in Ollama default (loopback) unless the operator allows it, and bad schemes', async () => {
    expect((await addKey(undefined, 'ollama')).status).toBe(422);
    expect((await addKey('file:///etc/passwd')).status).toBe(400);
    expect((await addKey('https://user:pw@api.public.example/v1')).status).toBe(400);
    expect((await addKey(undefined, 'custom:nourl')).status).toBe(400);
    expect((await owner.request('/api/workspaces/default/keys')).status).toBe(200);
    expect((await (await owner.request('/api/workspaces/default/keys')).json()).keys).toEqual([]);
  });

  const testKey = async (id: string) =>
    (await owner.request(`/api/workspaces/default/keys/${id}/test`, { method: 'POST' })).json();

  it.each([
    ['a name that does not resolve', 'http://nowhere.example/v1', /nowhere\.example does not resolve/],
    [
      'a name resolving to 10.0.0.5',
      'http://internal.example/v1',
      /refused.*10\.0\.0\.5 is a private address/,
    ],
    [
      'a name resolving to the metadata endpoint',
      'http://metadata.example/v1',
      /refused.*169\.254\.169\.254/,
    ],
  ])('saves a key on %s without DNS; testing it is refused by the policy', async (_, baseUrl, refusal) => {
    const before = resolutions;
    const saved = await addKey(baseUrl);
    expect(saved.status).toBe(201);
    expect(resolutions).toBe(before);
    const { key } = await saved.json();
    expect(await testKey(key.id)).toMatchObject({
      ok: false,
      status: null,
      message: expect.stringMatching(refusal),
    });
    expect(resolutions).toBe(before + 1);
    await owner.request(`/api/workspaces/default/keys/${key.id}`, { method: 'DELETE' });
  });
});
