import { findCatalogEntry } from '@synapse/providers/catalog';
import { isWebSearchProvider, WEB_SEARCH_ORIGINS } from '@synapse/tools';

/**
 * Where a well-known provider's API lives (the providers' catalog: the URL its adapter would use anyway;
 * the web search APIs for `brave` and `tavily`); any other provider id (`custom:…`) needs a base URL.
 */
export function defaultBaseUrl(provider: string): string | null {
  if (isWebSearchProvider(provider)) return WEB_SEARCH_ORIGINS[provider];
  return findCatalogEntry(provider)?.defaultBaseURL ?? null;
}

/** The cheapest authenticated request a provider answers: listing its models. */
export function modelsUrl(provider: string, baseUrl: string): string {
  return provider === 'anthropic' ? `${baseUrl}/v1/models` : `${baseUrl}/models`;
}
