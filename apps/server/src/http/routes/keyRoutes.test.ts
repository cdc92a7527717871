import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_ALLOWED, type TestClient } from '../test/createTestApp';
import { errorCode } from '../test/requestAs';
import { useTeamApp } from '../test/useTestApp';

const API_KEY = 'sk-test-secret-0123456789';

describe('key routes', () => {
  const t = useTeamApp({ addressPolicy: LOOPBACK_ALLOWED });
  // A provider's /models endpoint, on loopback (which the test app's address policy allows).
  let upstream: Server;
  let baseUrl: string;
  const seen: (string | undefined)[] = [];
  const requests: { method?: string; url?: string; token?: string | string[] }[] = [];
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(req.headers.authorization);
      requests.push({ method: req.method, url: req.url, token: req.headers['x-subscription-token'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":"m1"},{"id":"m2"}]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise((resolve) => upstream.close(resolve)));

  const add = (client: TestClient, body: object) => client.request('/api/workspaces/default/keys', { body });

  it('lets an editor add a key that members see without the secret', async () => {
    const response = await add(t.editor, { provider: 'openai', apiKey: API_KEY, baseUrl, label: 'Team' });
    expect(response.status).toBe(201);
    const { key } = (await response.json()) as { key: { id: string; provider: string; label: string } };
    expect(key).toMatchObject({ provider: 'openai', label: 'Team' });
    const list = await t.viewer.request('/api/workspaces/default/keys');
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(JSON.parse(text).keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(text).not.toContain(API_KEY);
  });

  it('keeps several keys of one provider, each with its weight (1 unless given)', async () => {
    const a = await add(t.editor, {
      provider: 'groq',
      apiKey: API_KEY,
      baseUrl,
      label: 'Region A',
      weight: 3,
    });
    const b = await add(t.editor, { provider: 'groq', apiKey: `${API_KEY}b`, baseUrl, label: 'Region B' });
    expect([a.status, b.status]).toEqual([201, 201]);
    const { keys } = (await (await t.viewer.request('/api/workspaces/default/keys')).json()) as {
      keys: { provider: string; label: string; weight: number }[];
    };
    const groq = keys.filter((k) => k.provider === 'groq').map((k) => [k.label, k.weight]);
    // Both may be saved in the same millisecond: compare in label order.
    expect(groq.sort()).toEqual([
      ['Region A', 3],
      ['Region B', 1],
    ]);
  });

  it("changes a key's weight for editors (audited), not for viewers; 404 for another workspace's key", async () => {
    const { key } = (await (
      await add(t.editor, { provider: 'deepseek', apiKey: API_KEY, baseUrl, label: 'Weighted' })
    ).json()) as { key: { id: string } };
    const path = `/api/workspaces/default/keys/${key.id}`;
    const changed = await t.editor.request(path, { method: 'PATCH', body: { weight: 4 } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { key: { weight: number } }).key.weight).toBe(4);
    expect((await t.viewer.request(path, { method: 'PATCH', body: { weight: 9 } })).status).toBe(403);
    expect((await t.editor.request(path, { method: 'PATCH', body: { weight: 0 } })).status).toBe(400);
    const missing = await t.editor.request('/api/workspaces/default/keys/nope', {
      method: 'PATCH',
      body: { weight: 2 },
    });
    expect(missing.status).toBe(404);
    const audit = await t.owner.request('/api/workspaces/default/audit?kind=key.weight_changed');
    const { events } = (await audit.json()) as { events: { target: string; details: object }[] };
    expect(events.map((e) => [e.target, e.details])).toEqual([
      [key.id, { provider: 'deepseek', label: 'Weighted', from: 1, to: 4 }],
    ]);
  });

  it('refuses keys from viewers (403) and the signed out (401)', async () => {
    const refused = await add(t.viewer, { provider: 'openai', apiKey: API_KEY, baseUrl });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe(ErrorCodes.forbidden);
    expect((await t.request('/api/workspaces/default/keys')).status).toBe(401);
  });

  it.each([
    ['an unknown provider id', { provider: 'Open AI', apiKey: API_KEY }],
    ['a short key', { provider: 'openai', apiKey: 'short' }],
    ['an unknown field', { provider: 'openai', apiKey: API_KEY, org: 'x' }],
    ['a custom provider without a base URL', { provider: 'custom:mine', apiKey: API_KEY }],
    ['a weight of 0', { provider: 'openai', apiKey: API_KEY, weight: 0 }],
    ['a fractional weight', { provider: 'openai', apiKey: API_KEY, weight: 1.5 }],
  ])('answers 400 to %s', async (_, body) => {
    const response = await add(t.editor, body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe(ErrorCodes.invalidRequest);
  });

  it('answers 422 to a base URL on a private address', async () => {
    const response = await add(t.editor, {
      provider: 'openai',
      apiKey: API_KEY,
      baseUrl: 'http://10.1.2.3/v1',
    });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe(ErrorCodes.addressRefused);
  });

  it('tests a key against its provider, sending the key', async () => {
    const { key } = (await (
      await add(t.editor, { provider: 'openai', apiKey: API_KEY, baseUrl })
    ).json()) as {
      key: { id: string };
    };
    const path = `/api/workspaces/default/keys/${key.id}/test`;
    expect((await t.viewer.request(path, { method: 'POST' })).status).toBe(403);
    const response = await t.editor.request(path, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, status: 200 });
    expect(seen.at(-1)).toBe(`Bearer ${API_KEY}`);
    const unknown = await t.editor.request('/api/workspaces/default/keys/nope/test', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe(ErrorCodes.notFound);
  });

  it('deletes a key for editors, 404 once it is gone', async () => {
    const { key } = (await (await add(t.owner, { provider: 'openai', apiKey: API_KEY, baseUrl })).json()) as {
      key: { id: string };
    };
    const path = `/api/workspaces/default/keys/${key.id}`;
    expect((await t.viewer.request(path, { method: 'DELETE' })).status).toBe(403);
    expect((await t.editor.request(path, { method: 'DELETE' })).status).toBe(204);
    const again = await t.editor.request(path, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe(ErrorCodes.notFound);
  });

  it('saves web search keys (brave, tavily) on the search API by default, without DNS', async () => {
    const response = await add(t.editor, { provider: 'brave', apiKey: API_KEY });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { key: object }).key).toMatchObject({
      provider: 'brave',
      baseUrl: 'https://api.search.brave.com',
    });
    const tavily = await add(t.editor, { provider: 'tavily', apiKey: API_KEY });
    expect(((await tavily.json()) as { key: object }).key).toMatchObject({
      baseUrl: 'https://api.tavily.com',
    });
  });

  it('tests a search key with one search, as the web_search tool sends it', async () => {
    const { key } = (await (await add(t.editor, { provider: 'brave', apiKey: API_KEY, baseUrl })).json()) as {
      key: { id: string };
    };
    const response = await t.editor.request(`/api/workspaces/default/keys/${key.id}/test`, {
      method: 'POST',
    });
    expect(await response.json()).toEqual({
      ok: true,
      status: 200,
      message: 'The provider accepted the key.',
    });
    expect(requests.at(-1)).toEqual({
      method: 'GET',
      url: '/v1/res/v1/web/search?q=synapse&count=1',
      token: API_KEY,
    });
  });
});
