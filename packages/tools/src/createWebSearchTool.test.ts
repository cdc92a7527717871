import { describe, expect, it } from 'vitest';
import type { FetchLike } from './createMcpClientPool';
import { createWebSearchTool, formatSearchResults, type WebSearchOptions } from './createWebSearchTool';

const RESULTS = [
  { title: 'Tidal power', url: 'https://en.wikipedia.org/wiki/Tidal_power', text: 'Energy of tides.' },
  { title: 'La Rance', url: 'https://example.org/rance', text: 'Opened in 1966.' },
  { title: 'Not a web link', url: 'javascript:alert(1)', text: 'dropped' },
];

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Brave Search (`GET /res/v1/web/search`) and Tavily (`POST /search`), answered in process. */
function fakeSearch(status = 200): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    seen.push({ method: request.method, url, headers: request.headers, body: await request.text() });
    if (status !== 200) return new Response('{}', { status });
    const body =
      url.pathname === '/res/v1/web/search'
        ? { web: { results: RESULTS.map((r) => ({ title: r.title, url: r.url, description: r.text })) } }
        : { results: RESULTS.map((r) => ({ title: r.title, url: r.url, content: r.text, score: 0.9 })) };
    return Response.json(body);
  };
  return { fetch, seen };
}

const signal = new AbortController().signal;

const searchTool = (options: Omit<WebSearchOptions, 'apiKey' | 'fetch'>, status = 200) => {
  const search = fakeSearch(status);
  return {
    search,
    tool: createWebSearchTool({ apiKey: `${options.provider}-key`, fetch: search.fetch, ...options }),
  };
};
const expected =
  '[1] Tidal power\nhttps://en.wikipedia.org/wiki/Tidal_power\nEnergy of tides.\n\n' +
  '[2] La Rance\nhttps://example.org/rance\nOpened in 1966.';

describe('createWebSearchTool', () => {
  it('asks Brave with the subscription token and numbers the web results', async () => {
    const { search, tool } = searchTool({ provider: 'brave', baseUrl: 'https://brave.test/' });
    expect(tool.name).toBe('web_search');
    expect(await tool.call({ query: ' tidal power ' }, signal)).toEqual({
      content: expected,
      isError: false,
    });
    const [request] = search.seen;
    expect(request?.method).toBe('GET');
    expect(request?.url.origin).toBe('https://brave.test');
    expect(request?.url.pathname).toBe('/res/v1/web/search');
    expect(request?.url.searchParams.get('q')).toBe('tidal power');
    expect(request?.url.searchParams.get('count')).toBe('5');
    expect(request?.headers.get('x-subscription-token')).toBe('brave-key');
  });

  it('posts to Tavily with a bearer key and reads its results', async () => {
    const { search, tool } = searchTool({
      provider: 'tavily',
      baseUrl: 'https://tavily.test',
      maxResults: 1,
    });
    const outcome = await tool.call({ query: 'tidal power' }, signal);
    expect(outcome).toEqual({
      content: '[1] Tidal power\nhttps://en.wikipedia.org/wiki/Tidal_power\nEnergy of tides.',
      isError: false,
    });
    const [request] = search.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url.href).toBe('https://tavily.test/search');
    expect(request?.headers.get('authorization')).toBe('Bearer tavily-key');
    expect(JSON.parse(request?.body ?? '')).toEqual({ query: 'tidal power', max_results: 1 });
  });

  it('reports a failed search and an empty query as errors the model sees', async () => {
    const { search, tool } = searchTool({ provider: 'brave' }, 401);
    expect(await tool.call({ query: 'x' }, signal)).toEqual({
      content: 'web search failed: brave answered HTTP 401',
      isError: true,
    });
    expect(await tool.call({ query: '  ' }, signal)).toMatchObject({ isError: true });
    expect(await tool.call({}, signal)).toMatchObject({ isError: true });
    expect(search.seen).toHaveLength(1);
  });

  it('says when nothing was found', () => {
    expect(formatSearchResults('nothing', [])).toBe('No web results for "nothing".');
  });
});
