import { LOCAL_MODEL_ID, LOCAL_MODEL_LABEL, LOCAL_PROVIDER_ID } from './localModel';

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'local';

/** USD per one million tokens. */
export interface ModelPricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface CatalogModel {
  id: string;
  label: string;
  /** Absent when we do not know the price; cost estimates are then null rather than wrong. */
  pricing?: ModelPricing;
}

export interface ProviderCatalogEntry {
  id: string;
  label: string;
  kind: ProviderKind;
  /** Undefined for the local model and for custom endpoints, whose base URL the user supplies. */
  defaultBaseURL?: string;
  requiresKey: boolean;
  requiresBaseURL: boolean;
  /** Every model is free to run (the built-in model, a local Ollama). */
  free: boolean;
  /** Where the user gets a key. */
  keyUrl?: string;
  /** OpenAI's reasoning models want `max_completion_tokens`; compatible servers mostly `max_tokens`. */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  /** The endpoint has OpenAI's `response_format: { type: 'json_object' }` (structured output). */
  jsonMode?: boolean;
  models: CatalogModel[];
}

/** List prices change; this is when the table below was last checked against the providers' pages. */
export const PRICES_AS_OF = '2026-04';

const priced = (id: string, label: string, inputPerMTok: number, outputPerMTok: number): CatalogModel => ({
  id,
  label,
  pricing: { inputPerMTok, outputPerMTok },
});

export const PROVIDER_CATALOG: readonly ProviderCatalogEntry[] = [
  {
    id: LOCAL_PROVIDER_ID,
    label: LOCAL_MODEL_LABEL,
    kind: 'local',
    requiresKey: false,
    requiresBaseURL: false,
    free: true,
    models: [{ id: LOCAL_MODEL_ID, label: LOCAL_MODEL_LABEL }],
  },
  {
    id: 'openai',
    label: 'OpenAI',
    kind: 'openai',
    defaultBaseURL: 'https://api.openai.com/v1',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://platform.openai.com/api-keys',
    maxTokensParam: 'max_completion_tokens',
    jsonMode: true,
    models: [
      priced('gpt-5.4', 'GPT-5.4', 2.5, 15),
      priced('gpt-5', 'GPT-5', 1.25, 10),
      priced('gpt-5-mini', 'GPT-5 mini', 0.25, 2),
      priced('gpt-5-nano', 'GPT-5 nano', 0.05, 0.4),
      priced('gpt-4.1', 'GPT-4.1', 2, 8),
      priced('gpt-4.1-mini', 'GPT-4.1 mini', 0.4, 1.6),
      priced('gpt-4o-mini', 'GPT-4o mini', 0.15, 0.6),
      priced('o4-mini', 'o4-mini', 1.1, 4.4),
    ],
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    kind: 'anthropic',
    defaultBaseURL: 'https://api.anthropic.com',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://console.anthropic.com/settings/keys',
    models: [
      priced('claude-opus-4-7', 'Claude Opus 4.7', 5, 25),
      priced('claude-sonnet-4-6', 'Claude Sonnet 4.6', 3, 15),
      priced('claude-haiku-4-5', 'Claude Haiku 4.5', 1, 5),
      priced('claude-sonnet-4-5', 'Claude Sonnet 4.5', 3, 15),
      priced('claude-opus-4-5', 'Claude Opus 4.5', 5, 25),
    ],
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    kind: 'openai-compatible',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://aistudio.google.com/apikey',
    maxTokensParam: 'max_tokens',
    models: [
      priced('gemini-3.1-pro-preview', 'Gemini 3.1 Pro (preview)', 2, 12),
      priced('gemini-3-flash-preview', 'Gemini 3 Flash (preview)', 0.5, 3),
      priced('gemini-2.5-pro', 'Gemini 2.5 Pro', 1.25, 10),
      priced('gemini-2.5-flash', 'Gemini 2.5 Flash', 0.3, 2.5),
      priced('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 0.1, 0.4),
    ],
  },
  {
    id: 'groq',
    label: 'Groq',
    kind: 'openai-compatible',
    defaultBaseURL: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://console.groq.com/keys',
    maxTokensParam: 'max_tokens',
    models: [
      priced('llama-3.3-70b-versatile', 'Llama 3.3 70B', 0.59, 0.79),
      priced('llama-3.1-8b-instant', 'Llama 3.1 8B Instant', 0.05, 0.08),
      priced('openai/gpt-oss-120b', 'GPT-OSS 120B', 0.15, 0.75),
      priced('openai/gpt-oss-20b', 'GPT-OSS 20B', 0.075, 0.3),
      priced('qwen/qwen3-32b', 'Qwen3 32B', 0.29, 0.59),
    ],
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    kind: 'openai-compatible',
    defaultBaseURL: 'https://api.deepseek.com',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://platform.deepseek.com/api_keys',
    maxTokensParam: 'max_tokens',
    models: [
      priced('deepseek-chat', 'DeepSeek Chat', 0.28, 0.42),
      priced('deepseek-reasoner', 'DeepSeek Reasoner', 0.28, 0.42),
    ],
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    kind: 'openai-compatible',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    requiresKey: true,
    requiresBaseURL: false,
    free: false,
    keyUrl: 'https://openrouter.ai/keys',
    maxTokensParam: 'max_tokens',
    models: [
      priced('openai/gpt-5-mini', 'GPT-5 mini (via OpenRouter)', 0.25, 2),
      priced('anthropic/claude-sonnet-4.6', 'Claude Sonnet 4.6 (via OpenRouter)', 3, 15),
      priced('google/gemini-2.5-flash', 'Gemini 2.5 Flash (via OpenRouter)', 0.3, 2.5),
      { id: 'meta-llama/llama-3.3-70b-instruct', label: 'Llama 3.3 70B (via OpenRouter)' },
      { id: 'deepseek/deepseek-chat', label: 'DeepSeek Chat (via OpenRouter)' },
    ],
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    kind: 'openai-compatible',
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    requiresKey: false,
    requiresBaseURL: false,
    free: true,
    maxTokensParam: 'max_tokens',
    models: [
      { id: 'llama3.2', label: 'Llama 3.2' },
      { id: 'qwen3', label: 'Qwen3' },
      { id: 'gemma3', label: 'Gemma 3' },
      { id: 'mistral', label: 'Mistral 7B' },
    ],
  },
  {
    id: 'custom',
    label: 'Custom OpenAI-compatible endpoint',
    kind: 'openai-compatible',
    requiresKey: false,
    requiresBaseURL: true,
    free: false,
    maxTokensParam: 'max_tokens',
    models: [],
  },
];

/** Catalog entry for a provider id; `custom:<name>` ids share the custom endpoint entry. */
export function findCatalogEntry(providerId: string): ProviderCatalogEntry | undefined {
  const id = providerId.startsWith('custom:') ? 'custom' : providerId;
  return PROVIDER_CATALOG.find((entry) => entry.id === id);
}

/** Model entry by exact id, else by dated snapshot (`claude-haiku-4-5-20251001` → `claude-haiku-4-5`). */
export function findCatalogModel(entry: ProviderCatalogEntry, modelId: string): CatalogModel | undefined {
  const exact = entry.models.find((model) => model.id === modelId);
  if (exact) return exact;
  return entry.models
    .filter(
      (model) =>
        modelId.startsWith(`${model.id}-`) && /^-\d{4}-?\d{2}-?\d{2}$/.test(modelId.slice(model.id.length)),
    )
    .sort((a, b) => b.id.length - a.id.length)[0];
}
