import { findCatalogEntry, findCatalogModel } from './providerCatalog';

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Estimated USD cost of one call from the catalog's list prices: 0 for free providers (the local
 * model, Ollama) and OpenRouter's `:free` variants, null when the provider or model price is unknown.
 */
export function estimateCost(providerId: string, modelId: string, usage: TokenUsage): number | null {
  const entry = findCatalogEntry(providerId);
  if (!entry) return null;
  if (entry.free) return 0;
  if (entry.id === 'openrouter' && modelId.endsWith(':free')) return 0;
  const pricing = findCatalogModel(entry, modelId)?.pricing;
  if (!pricing) return null;
  return (usage.inputTokens * pricing.inputPerMTok + usage.outputTokens * pricing.outputPerMTok) / 1_000_000;
}
