import type { FetchLike } from './createMcpClientPool';
import type { BuiltinTool } from './createToolbox';

export type WebSearchProvider = 'brave' | 'tavily';

export interface WebSearchOptions {
  provider: WebSearchProvider;
  apiKey: string;
  /** Overrides the provider's origin (tests point it at a fake). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Results returned to the model; default 5. */
  maxResults?: number;
  timeoutMs?: number;
}

export interface WebSearchResult {
  title: string;
  url: string;
  snippet: string;
}

/** Where each search API lives: the base URL a workspace's `brave` / `tavily` key is saved with. */
export const WEB_SEARCH_ORIGINS: Readonly<Record<WebSearchProvider, string>> = {
  brave: 'https://api.search.brave.com',
  tavily: 'https://api.tavily.com',
};

export function isWebSearchProvider(provider: string): provider is WebSearchProvider {
  return Object.hasOwn(WEB_SEARCH_ORIGINS, provider);
}

/** The one search request, as the tool sends it and as "Test" on a search key sends it. */
export function webSearchRequest(
  provider: WebSearchProvider,
  origin: string,
  apiKey: string,
  query: string,
  count: number,
): { url: string; init: RequestInit } {
  const base = origin.replace(/\/$/, '');
  if (provider === 'brave')
    return {
      url: `${base}/res/v1/web/search?${new URLSearchParams({ q: query, count: String(count) })}`,
      init: { headers: { accept: 'application/json', 'x-subscription-token': apiKey } },
    };
  return {
    url: `${base}/search`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, max_results: count }),
    },
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function readResults(list: unknown, snippetKey: string): WebSearchResult[] {
  const out: WebSearchResult[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const url = text(item?.url);
    if (!/^https?:\/\//.test(url)) continue;
    out.push({ title: text(item?.title), url, snippet: text(item?.[snippetKey]) });
  }
  return out;
}

/** Numbered results with their source links, the form the model is asked to cite. */
export function formatSearchResults(query: string, results: WebSearchResult[]): string {
  if (results.length === 0) return `No web results for "${query}".`;
  return results.map((r, i) => `[${i + 1}] ${r.title}\n${r.url}\n${r.snippet}`).join('\n\n');
}

/** The built-in `web_search` tool over Brave Search or Tavily with the workspace's key. */
export function createWebSearchTool(options: WebSearchOptions): BuiltinTool {
  const doFetch = options.fetch ?? fetch;
  const origin = options.baseUrl ?? WEB_SEARCH_ORIGINS[options.provider];
  const count = options.maxResults ?? 5;
  return {
    name: 'web_search',
    description:
      'Searches the web. Returns numbered results with their source links; cite the links you use.',
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to search for' } },
      required: ['query'],
    },
    async call(args, signal) {
      const query = text(args.query).trim();
      if (!query) return { content: 'web_search needs a non-empty "query".', isError: true };
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
      const combined = AbortSignal.any([signal, timeout]);
      const request = webSearchRequest(options.provider, origin, options.apiKey, query, count);
      const response = await doFetch(request.url, { ...request.init, signal: combined });
      if (!response.ok) {
        return {
          content: `web search failed: ${options.provider} answered HTTP ${response.status}`,
          isError: true,
        };
      }
      const body = (await response.json()) as { web?: { results?: unknown }; results?: unknown };
      const results =
        options.provider === 'brave'
          ? readResults(body.web?.results, 'description')
          : readResults(body.results, 'content');
      return { content: formatSearchResults(query, results.slice(0, count)), isError: false };
    },
  };
}
