import { DEFAULT_MODEL, DEFAULT_PROVIDER } from '@synapse/schema';

export interface ModelOption {
  id: string;
  label: string;
}

export interface ProviderOption {
  id: string;
  label: string;
  models: ModelOption[];
  /** Whether the workspace has a key for it; null when the server could not tell us. */
  configured: boolean | null;
}

const LOCAL: ProviderOption = {
  id: DEFAULT_PROVIDER,
  label: 'Local demo model (offline)',
  models: [{ id: DEFAULT_MODEL, label: 'Local demo model (offline)' }],
  configured: true,
};

/** Used when the server has no `GET /api/providers` (or is unreachable): well-known models only. */
export const BUILTIN_PROVIDERS: readonly ProviderOption[] = [
  LOCAL,
  {
    id: 'openai',
    label: 'OpenAI',
    configured: null,
    models: [
      { id: 'gpt-5', label: 'GPT-5' },
      { id: 'gpt-5-mini', label: 'GPT-5 mini' },
      { id: 'gpt-4.1', label: 'GPT-4.1' },
      { id: 'gpt-4.1-mini', label: 'GPT-4.1 mini' },
      { id: 'gpt-4o-mini', label: 'GPT-4o mini' },
    ],
  },
  {
    id: 'anthropic',
    label: 'Anthropic',
    configured: null,
    models: [
      { id: 'claude-sonnet-4-6', label: 'Claude Sonnet 4.6' },
      { id: 'claude-opus-4-7', label: 'Claude Opus 4.7' },
      { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5' },
    ],
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    configured: null,
    models: [
      { id: 'gemini-2.5-pro', label: 'Gemini 2.5 Pro' },
      { id: 'gemini-2.5-flash', label: 'Gemini 2.5 Flash' },
    ],
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    configured: null,
    models: [
      { id: 'llama3.2', label: 'Llama 3.2' },
      { id: 'qwen3', label: 'Qwen3' },
    ],
  },
];

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

/**
 * Reads `GET /api/providers` tolerantly — `[{ id, label, models: [{ id, label }], configured }]`, bare
 * or as `{ providers: [...] }` — and guarantees the built-in local model is always offered. Returns
 * null when the body has no usable providers, so the caller falls back to the built-in list.
 */
export function readProviderList(body: unknown): ProviderOption[] | null {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { providers?: unknown }).providers)
      ? (body as { providers: unknown[] }).providers
      : null;
  if (!list) return null;
  const out: ProviderOption[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const raw = item as Record<string, unknown>;
    const id = text(raw.id);
    if (!id || out.some((p) => p.id === id)) continue;
    const models: ModelOption[] = [];
    for (const m of Array.isArray(raw.models) ? raw.models : []) {
      const modelId = text(typeof m === 'string' ? m : (m as Record<string, unknown> | null)?.id);
      if (!modelId || models.some((x) => x.id === modelId)) continue;
      const label = typeof m === 'object' && m ? text((m as Record<string, unknown>).label) : null;
      models.push({ id: modelId, label: label ?? modelId });
    }
    out.push({
      id,
      label: text(raw.label) ?? id,
      models,
      configured: typeof raw.configured === 'boolean' ? raw.configured : null,
    });
  }
  if (out.length === 0) return null;
  const local = out.find((p) => p.id === LOCAL.id);
  if (!local) out.unshift(LOCAL);
  else if (!local.models.some((m) => m.id === DEFAULT_MODEL)) local.models.unshift(LOCAL.models[0]!);
  return out;
}

/**
 * The options to show for a node: a provider or model the list does not know (set by a newer client,
 * or a provider removed since) is still shown, marked, so the select never silently changes it.
 */
export function optionsFor(
  providers: readonly ProviderOption[],
  provider: string,
  model: string,
): { providers: ProviderOption[]; models: ModelOption[] } {
  const list = [...providers];
  let current = list.find((p) => p.id === provider);
  if (!current) {
    current = { id: provider, label: `${provider} (unknown)`, models: [], configured: null };
    list.push(current);
  }
  const models = [...current.models];
  if (model && !models.some((m) => m.id === model)) models.push({ id: model, label: `${model} (custom)` });
  return { providers: list, models };
}
