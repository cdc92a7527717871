import type { ChatModelProvider } from './ChatModel';
import {
  createBalancedProvider,
  type KeyCooldownPolicy,
  type ProviderKeyDeployment,
} from './createBalancedProvider';
import {
  type CatalogProviderOptions,
  createCatalogProvider,
  type ProviderCredentials,
} from './createCatalogProvider';
import { createKeyCooldowns, type KeyCooldowns } from './createKeyCooldowns';
import { LOCAL_PROVIDER_ID } from './localModel';

export interface ProviderRegistryOptions extends CatalogProviderOptions {
  /** Reads the stored credentials for a provider id; null when the user has not configured it. */
  credentials: (providerId: string) => Promise<ProviderCredentials | null>;
  /**
   * Every stored key of a provider with its weight; when given it is asked first, and a provider with
   * several keys spreads its calls over them (createBalancedProvider). Empty: `credentials` decides.
   */
  keys?: (providerId: string) => Promise<ProviderKeyDeployment[]>;
  /** Which keys rest after failures (shared through Redis by the runner when configured). */
  cooldowns?: KeyCooldowns;
  cooldownPolicy?: Partial<KeyCooldownPolicy>;
  random?: () => number;
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
  const cooldowns = options.cooldowns ?? createKeyCooldowns();

  async function create(providerId: string): Promise<ChatModelProvider> {
    if (providerId === LOCAL_PROVIDER_ID) return createCatalogProvider(providerId, null, options);
    const keys = options.keys ? await options.keys(providerId) : [];
    if (keys.length > 1) {
      return createBalancedProvider({
        id: providerId,
        keys,
        build: (credentials) => createCatalogProvider(providerId, credentials, options),
        cooldowns,
        policy: options.cooldownPolicy,
        random: options.random,
      });
    }
    const credentials = keys[0] ? await keys[0].credentials() : await options.credentials(providerId);
    return createCatalogProvider(providerId, credentials, options);
  }

  return {
    get(providerId) {
      const cached = cache.get(providerId);
      if (cached) return cached;
      const created = create(providerId);
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
