// What an exported script needs to know about each provider: the wire protocol, the default base URL
// and the environment variables `synapse run` reads. It mirrors PROVIDER_CATALOG
// (packages/providers/src/providerCatalog.ts) and headlessCredentials (apps/cli/src/config.ts);
// exportProviders.test.ts fails when the catalog drifts from this table.

export type ExportProviderKind = 'local' | 'openai' | 'anthropic';

export interface ExportProvider {
  id: string;
  label: string;
  /** `openai` covers every OpenAI-compatible endpoint (Gemini, Groq, DeepSeek, OpenRouter, Ollama…). */
  kind: ExportProviderKind;
  defaultBaseURL: string | null;
  requiresKey: boolean;
  /** Which body field carries the token limit on the OpenAI wire. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** Structured output asks for OpenAI's `response_format: { type: 'json_object' }` (catalog `jsonMode`). */
  jsonMode: boolean;
  keyEnv: string | null;
  baseURLEnv: string | null;
}

interface KnownProvider {
  label: string;
  kind: ExportProviderKind;
  defaultBaseURL: string | null;
  requiresKey: boolean;
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  jsonMode: boolean;
  keyEnv: string | null;
  baseURLEnv: string | null;
}

export const EXPORT_PROVIDERS: Readonly<Record<string, KnownProvider>> = {
  local: {
    label: 'Local demo model (offline)',
    kind: 'local',
    defaultBaseURL: null,
    requiresKey: false,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: null,
    baseURLEnv: null,
  },
  openai: {
    label: 'OpenAI',
    kind: 'openai',
    defaultBaseURL: 'https://api.openai.com/v1',
    requiresKey: true,
    maxTokensParam: 'max_completion_tokens',
    jsonMode: true,
    keyEnv: 'OPENAI_API_KEY',
    baseURLEnv: 'OPENAI_BASE_URL',
  },
  anthropic: {
    label: 'Anthropic',
    kind: 'anthropic',
    defaultBaseURL: 'https://api.anthropic.com',
    requiresKey: true,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: 'ANTHROPIC_API_KEY',
    baseURLEnv: 'ANTHROPIC_BASE_URL',
  },
  gemini: {
    label: 'Google Gemini',
    kind: 'openai',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    requiresKey: true,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: 'GEMINI_API_KEY',
    baseURLEnv: null,
  },
  groq: {
    label: 'Groq',
    kind: 'openai',
    defaultBaseURL: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: 'GROQ_API_KEY',
    baseURLEnv: null,
  },
  deepseek: {
    label: 'DeepSeek',
    kind: 'openai',
    defaultBaseURL: 'https://api.deepseek.com',
    requiresKey: true,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: 'DEEPSEEK_API_KEY',
    baseURLEnv: null,
  },
  openrouter: {
    label: 'OpenRouter',
    kind: 'openai',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    requiresKey: true,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: 'OPENROUTER_API_KEY',
    baseURLEnv: null,
  },
  ollama: {
    label: 'Ollama (local)',
    kind: 'openai',
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    requiresKey: false,
    maxTokensParam: 'max_tokens',
    jsonMode: false,
    keyEnv: null,
    baseURLEnv: 'OLLAMA_BASE_URL',
  },
};

/** `custom:my-llm` → `CUSTOM_MY_LLM`: the prefix of the variables a custom endpoint is configured by. */
function customEnvPrefix(providerId: string): string {
  const name = providerId
    .slice('custom:'.length)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name ? `CUSTOM_${name}` : 'CUSTOM';
}

/**
 * The provider an exported script talks to for `providerId`, or null when Synapse does not know it
 * (the script then reports it as not configured, as `synapse run` does). Custom endpoints, which
 * `synapse run` cannot reach at all, read `CUSTOM[_<NAME>]_BASE_URL` and `CUSTOM[_<NAME>]_API_KEY`.
 */
export function exportProviderOf(providerId: string): ExportProvider | null {
  if (providerId === 'custom' || providerId.startsWith('custom:')) {
    const prefix = customEnvPrefix(providerId);
    return {
      id: providerId,
      label: providerId === 'custom' ? 'Custom OpenAI-compatible endpoint' : providerId.slice(7),
      kind: 'openai',
      defaultBaseURL: null,
      requiresKey: false,
      maxTokensParam: 'max_tokens',
      jsonMode: false,
      keyEnv: `${prefix}_API_KEY`,
      baseURLEnv: `${prefix}_BASE_URL`,
    };
  }
  const known = Object.hasOwn(EXPORT_PROVIDERS, providerId) ? EXPORT_PROVIDERS[providerId] : undefined;
  return known ? { id: providerId, ...known } : null;
}
