// Custom provider base URLs are checked on the address they resolve to: loopback, private, link-local and
// metadata addresses are refused unless the operator allows them, and DNS answers cannot be swapped
// between the check and the request.
import type { LookupAddresses } from '@synapse/db';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let resolutions = 0;
const lookup: LookupAddresses = async (host) => {
  const table: Record<string, string[]> = {
    'internal.example': ['10.0.0.5'],
    'metadata.example': ['169.254.169.254'],
    'api.public.example': ['93.184.216.34'],
  };
  if (host === 'rebind.example') {
    resolutions += 1;
    return [{ address: resolutions === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
  }
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
    'http://internal.example/v1',
    'http://metadata.example/v1',
  ])('refuses %s', async (baseUrl) => {
    const response = await addKey(baseUrl);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('synapse.address.refused');
    expect(JSON.stringify(body)).not.toContain('sk-ssrf');
  });

  it('refuses the built-in Ollama default (loopback) unless the operator allows it, and bad schemes', async () => {
    expect((await addKey(undefined, 'ollama')).status).toBe(422);
    expect((await addKey('file:///etc/passwd')).status).toBe(400);
    expect((await addKey('https://user:pw@api.public.example/v1')).status).toBe(400);
    expect((await addKey(undefined, 'custom:nourl')).status).toBe(400);
    expect((await owner.request('/api/workspaces/default/keys')).status).toBe(200);
    expect((await (await owner.request('/api/workspaces/default/keys')).json()).keys).toEqual([]);
  });

  it('accepts a public address, and re-checks it when the key is used: a rebinding name is refused', async () => {
    const saved = await addKey('http://rebind.example/v1');
    expect(saved.status).toBe(201);
    const { key } = await saved.json();
    const tested = await owner.request(`/api/workspaces/default/keys/${key.id}/test`, { method: 'POST' });
    expect(await tested.json()).toMatchObject({
      ok: false,
      status: null,
      message: expect.stringMatching(/refused.*127\.0\.0\.1/),
    });
    expect(resolutions).toBe(2);
  });
});
