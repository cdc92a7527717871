export { abortableSleep } from './abortableSleep';
export type {
  ChatChunk,
  ChatMessage,
  ChatModelProvider,
  ChatRequest,
  FinishReason,
  ModelInfo,
  ToolCall,
  ToolSpec,
} from './ChatModel';
export { type ClassifyContext, classifyProviderError } from './classifyProviderError';
export { type BackoffPolicy, computeBackoffMs, DEFAULT_BACKOFF } from './computeBackoffMs';
export { type AnthropicProviderOptions, createAnthropicProvider } from './createAnthropicProvider';
export {
  type BalancedProviderOptions,
  createBalancedProvider,
  DEFAULT_KEY_COOLDOWN,
  type KeyCooldownPolicy,
  type ProviderKeyDeployment,
  pickWeighted,
} from './createBalancedProvider';
export {
  type CatalogProviderOptions,
  createCatalogProvider,
  type ProviderCredentials,
} from './createCatalogProvider';
export {
  type BreakerState,
  type CircuitBreaker,
  type CircuitBreakerLike,
  type CircuitBreakerOptions,
  createCircuitBreaker,
} from './createCircuitBreaker';
export { createKeyCooldowns, createSharedKeyCooldowns, type KeyCooldowns } from './createKeyCooldowns';
export {
  type AttemptKind,
  createModelRouter,
  DEFAULT_ROUTER_POLICY,
  type ModelRouter,
  type ModelRouterOptions,
  type RoutedChatRequest,
  type RouterChunk,
  type RouterPolicy,
  type RouterPolicyOverrides,
  type RouteTarget,
} from './createModelRouter';
export { createOpenAIProvider, type FetchLike, type OpenAIProviderOptions } from './createOpenAIProvider';
export {
  createProviderRegistry,
  type ProviderRegistry,
  type ProviderRegistryOptions,
} from './createProviderRegistry';
export {
  createSharedCircuitBreaker,
  type ScriptRunner,
  type SharedCircuitBreakerOptions,
} from './createSharedCircuitBreaker';
export { estimateCost, type TokenUsage } from './estimateCost';
export {
  createLocalModel,
  LOCAL_MODEL_ID,
  LOCAL_MODEL_LABEL,
  LOCAL_PROVIDER_ID,
  type LocalModelOptions,
  localModelReply,
} from './localModel';
export {
  isProviderError,
  type ProviderAttempt,
  ProviderError,
  type ProviderErrorCode,
  ProviderErrorCodes,
  type ProviderErrorOptions,
  type TimeoutKind,
} from './ProviderError';
export { parseRetryAfterMs } from './parseRetryAfterMs';
export {
  type CatalogModel,
  findCatalogEntry,
  findCatalogModel,
  type ModelPricing,
  PRICES_AS_OF,
  PROVIDER_CATALOG,
  type ProviderCatalogEntry,
  type ProviderKind,
} from './providerCatalog';
export { type StreamTimeouts, streamWithTimeouts } from './streamWithTimeouts';
