import {
  type AddressPolicy,
  createGuardedFetch,
  DEFAULT_ADDRESS_POLICY,
  type ProviderKeyStore,
  type RunRow,
  type Sql,
} from '@synapse/db';
import {
  type ChatModelProvider,
  type CircuitBreakerLike,
  createCircuitBreaker,
  createKeyCooldowns,
  createModelRouter,
  createProviderRegistry,
  createSharedCircuitBreaker,
  createSharedKeyCooldowns,
  type KeyCooldownPolicy,
  type ProviderCredentials,
  type RouterPolicyOverrides,
  type ScriptRunner,
} from '@synapse/providers';
import type { ScopedSecret } from '@synapse/schema';
import { createToolsRuntime, type StdioServerEntry } from '@synapse/tools';
import type { NodeMemory, NodeToolbox } from './callModel';
import { createCallModel } from './createCallModel';
import type { RunServices } from './createJobHandler';
import { cacheRunSecrets } from './http/cacheRunSecrets';
import type { SecretsVault } from './http/SecretsVault';

export interface RunServicesOptions {
  sql: Sql;
  /** Providers served by this process (the local model, test fakes), ahead of the workspace's keys. */
  providers: ChatModelProvider[];
  /** Decrypts the workspace's stored keys; null: only `credentials` (or nothing) supplies keys. */
  keyStore: ProviderKeyStore | null;
  /** A workspace's key for a provider, when the embedding process supplies keys itself. */
  credentials?: (workspaceId: string, providerId: string) => Promise<ProviderCredentials | null>;
  addressPolicy?: AddressPolicy;
  localModelTokenDelayMs?: number;
  routerPolicy?: RouterPolicyOverrides;
  /**
   * Redis shared by every runner: circuit breakers and key cooldowns live there, so one runner's 429
   * storm rests the model or key for all. Absent: this process's own (embedded mode).
   */
  redis?: ScriptRunner | null;
  /** Redis failed and this process's own breaker/cooldowns answered instead. */
  onSharedStateFallback?: (error: unknown) => void;
  cooldownPolicy?: Partial<KeyCooldownPolicy>;
  /** The weighted key draw (tests seed it). */
  random?: () => number;
  now(): number;
  mcpStdioServers?: StdioServerEntry[];
  /** The embedding process's tools and memory (embedded mode); absent: built from `sql`. */
  toolboxFor?: (workspaceId: string) => NodeToolbox;
  memoryFor?: (workspaceId: string, runId: string) => NodeMemory;
  /**
   * The workspace secrets HTTP request nodes reference (`{{secrets.NAME}}`); absent: a node that
   * references one fails with `synapse.secrets.missing`.
   */
  secretsVault?: SecretsVault;
}

/**
 * What each run calls, built fresh per run: a provider registry (keys are read when the run needs them,
 * so a key deleted in the workspace is not used by any later run), the model router with the runner's
 * shared circuit breaker, the workspace toolbox (MCP header and search secrets decrypted once, on
 * first use, for all of the run's nodes), its memory bank, and HTTP request nodes' vault secrets (each
 * read once for all of the run's nodes, cacheRunSecrets).
 */
export function createRunServices(options: RunServicesOptions): {
  servicesFor(run: RunRow): RunServices;
  close(): Promise<void>;
} {
  const providers = new Map(options.providers.map((p) => [p.id, p]));
  const { redis, now } = options;
  const onFallback = options.onSharedStateFallback;
  const breaker: CircuitBreakerLike = redis
    ? createSharedCircuitBreaker({ redis, now, onFallback })
    : createCircuitBreaker({ now });
  const cooldowns = redis
    ? createSharedKeyCooldowns({ redis, now, onFallback })
    : createKeyCooldowns({ now });
  const addressPolicy = options.addressPolicy ?? DEFAULT_ADDRESS_POLICY;
  const { keyStore, secretsVault: vault } = options;
  const credentials =
    options.credentials ??
    (keyStore
      ? async (workspaceId: string, providerId: string) => {
          const key = await keyStore.resolve(workspaceId, providerId);
          return key ? { apiKey: key.apiKey, baseURL: key.baseUrl } : null;
        }
      : undefined);
  // Base URLs are user-supplied: connect only to addresses the operator's policy allows, pinned per request.
  const guardedFetch = createGuardedFetch({ policy: addressPolicy });
  // Tools and memory of a standalone runner: the same stored servers, allow-list and policy the server uses.
  const ownTools =
    options.toolboxFor && options.memoryFor
      ? null
      : createToolsRuntime({
          sql: options.sql,
          keyStore,
          stdioServers: options.mcpStdioServers ?? [],
          addressPolicy,
        });
  const toolboxFor = options.toolboxFor ?? ownTools?.toolboxFor;
  const memoryFor = options.memoryFor ?? ownTools?.memoryFor;

  return {
    servicesFor(run) {
      const registry = createProviderRegistry({
        credentials: (providerId) =>
          credentials ? credentials(run.workspaceId, providerId) : Promise.resolve(null),
        // Every stored key of the provider, decrypted only when picked; embedders' `credentials` win.
        ...(keyStore && !options.credentials
          ? {
              keys: async (providerId: string) =>
                (await keyStore.choices(run.workspaceId, providerId)).map((choice) => ({
                  ...choice,
                  credentials: async () => {
                    const key = await keyStore.resolveById(run.workspaceId, choice.id);
                    if (!key) throw new Error(`key ${choice.id} was deleted`);
                    return { apiKey: key.apiKey, baseURL: key.baseUrl };
                  },
                })),
            }
          : {}),
        cooldowns,
        cooldownPolicy: options.cooldownPolicy,
        random: options.random,
        local: { tokenDelayMs: options.localModelTokenDelayMs },
        fetch: guardedFetch,
      });
      const toolbox = toolboxFor?.(run.workspaceId);
      const memory = memoryFor?.(run.workspaceId, run.id);
      return {
        callModel: createCallModel(
          createModelRouter({
            resolveProvider: (id) => providers.get(id) ?? registry.get(id),
            breaker,
            policy: options.routerPolicy,
            now,
          }),
        ),
        ...(toolbox ? { toolbox } : {}),
        ...(memory ? { memory } : {}),
        // HTTP request nodes: the same address policy as provider base URLs, redirects checked hop by hop.
        http: {
          fetch: guardedFetch,
          // Per run: a secret referenced by several nodes is read from the vault once.
          readSecrets: cacheRunSecrets((names) =>
            vault
              ? vault.readSecrets(run.workspaceId, names)
              : Promise.resolve(new Map<string, ScopedSecret>()),
          ),
        },
      };
    },
    close: async () => {
      await ownTools?.close().catch(() => undefined);
    },
  };
}
