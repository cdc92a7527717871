import type { ChatModelProvider } from './ChatModel';
import {
  type CatalogProviderOptions,
  createCatalogProvider,
  type ProviderCredentials,
} from './createCatalogProvider';
import { LOCAL_PROVIDER_ID } from './localModel';

export interface ProviderRegistryOptions extends CatalogProviderOptions {
  /** Reads the stored credentials for a provider id; null when the user has not configured it. */
  credentials: (providerId: string) => Promise<ProviderCredentials | null>;
}

export interface ProviderRegistry {
  /**
   * The provider instance for an id, built on first use and cached. The local model is always
   * available; others reject with `synapse.provider.not_configured` until credentials exist.
   */
  get(providerId: string): Promise<ChatModelProvider>;
  /** Forgets cached instances (one id or all), e.g. after a key was changed or removed. */
  invalidate(providerId?: string): void;
}

export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const cache = new Map<string, Promise<ChatModelProvider>>();
  return {
    get(providerId) {
      const cached = cache.get(providerId);
      if (cached) return cached;
      const created = (async () => {
        const credentials = providerId === LOCAL_PROVIDER_ID ? null : await options.credentials(providerId);
        return createCatalogProvider(providerId, credentials, options);
      })();
      cache.set(providerId, created);
      // A failure is not cached: the user may add the key a moment later.
      created.catch(() => {
        if (cache.get(providerId) === created) cache.delete(providerId);
      });
      return created;
    },
    invalidate(providerId) {
      if (providerId === undefined) cache.clear();
      else cache.delete(providerId);
    },
  };
}
