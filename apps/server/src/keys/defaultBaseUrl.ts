// Mirrors the base URLs of packages/providers' catalog (the server may not import providers): a key saved
// without a base URL is bound to the one the runner's adapter would use anyway.
const DEFAULT_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com/v1beta/openai',
  groq: 'https://api.groq.com/openai/v1',
  deepseek: 'https://api.deepseek.com',
  openrouter: 'https://openrouter.ai/api/v1',
  ollama: 'http://127.0.0.1:11434/v1',
};

/** Where a well-known provider's API lives; any other provider id (`custom:…`) needs a base URL. */
export function defaultBaseUrl(provider: string): string | null {
  return Object.hasOwn(DEFAULT_BASE_URLS, provider) ? (DEFAULT_BASE_URLS[provider] as string) : null;
}

/** The cheapest authenticated request a provider answers: listing its models. */
export function modelsUrl(provider: string, baseUrl: string): string {
  return provider === 'anthropic' ? `${baseUrl}/v1/models` : `${baseUrl}/models`;
}
