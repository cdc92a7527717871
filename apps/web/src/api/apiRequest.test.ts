import { ErrorCodes } from '@synapse/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { apiRequest, UNAUTHENTICATED_EVENT } from './apiRequest';

let signedOutEvents: number;
let fetchMock: ReturnType<typeof vi.fn>;

function reply(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

beforeEach(() => {
  signedOutEvents = 0;
  const target = new EventTarget();
  target.addEventListener(UNAUTHENTICATED_EVENT, () => signedOutEvents++);
  vi.stubGlobal('window', target);
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const unauthorized = { error: { code: ErrorCodes.unauthorized, message: 'sign in first' } };

describe('apiRequest', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    fetchMock.mockResolvedValue(reply(201, { version: { id: 'v1' } }));
    const body = await apiRequest<{ version: { id: string } }>('/api/workspaces/w/versions', {
      method: 'POST',
      body: { name: 'Draft' },
    });
    expect(body).toEqual({ version: { id: 'v1' } });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/workspaces/w/versions');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"name":"Draft"}' });
    expect(init.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('leaves undefined and empty query values out', async () => {
    fetchMock.mockImplementation(async () => reply(200, {}));
    await apiRequest('/api/x', { query: { a: 1, b: undefined, c: '', d: 'two words' } });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/x?a=1&d=two+words');
    await apiRequest('/api/x', { query: { b: undefined } });
    expect(fetchMock.mock.calls[1]?.[0]).toBe('/api/x');
  });

  it('resolves a 204 to undefined', async () => {
    fetchMock.mockResolvedValue(reply(204));
    await expect(apiRequest('/api/x', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it("keeps the server's error code, message and details", async () => {
    const details = { edges: ['a->b'] };
    fetchMock.mockResolvedValue(
      reply(422, { error: { code: ErrorCodes.dagCycle, message: 'cycle', details } }),
    );
    const error = await apiRequest('/api/x', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: ErrorCodes.dagCycle, message: 'cycle', details });
  });

  it('says the server is unreachable with the caller’s words', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await apiRequest('/api/x', { offlineMessage: 'Runs need a connection.' }).catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: ErrorCodes.network, message: 'Runs need a connection.' });
  });

  it('announces a 401 from any other route once, as the session ending', async () => {
    fetchMock.mockResolvedValue(reply(401, unauthorized));
    const error = await apiRequest('/api/workspaces/w/members').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: ErrorCodes.unauthorized });
    expect(signedOutEvents).toBe(1);
  });

  it('does not announce a 401 from /api/me or sign-in: those answer who is signed in', async () => {
    fetchMock.mockImplementation(async () => reply(401, unauthorized));
    await expect(apiRequest('/api/me')).rejects.toMatchObject({ status: 401 });
    await expect(apiRequest('/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({
      status: 401,
    });
    expect(signedOutEvents).toBe(0);
  });
});
