import { findCatalogEntry } from '@synapse/providers';

/**
 * Where a well-known provider's API lives (the providers' catalog: the URL its adapter would use anyway);
 * any other provider id (`custom:…`) needs a base URL.
 */
export function defaultBaseUrl(provider: string): string | null {
  return findCatalogEntry(provider)?.defaultBaseURL ?? null;
}

/** The cheapest authenticated request a provider answers: listing its models. */
export function modelsUrl(provider: string, baseUrl: string): string {
  return provider === 'anthropic' ? `${baseUrl}/v1/models` : `${baseUrl}/models`;
}
