import { describe, expect, it, vi } from 'vitest';
import type { ProviderCredentials } from './createCatalogProvider';
import { createProviderRegistry } from './createProviderRegistry';
import { LOCAL_MODEL_LABEL } from './localModel';
import { ProviderErrorCodes as Codes } from './ProviderError';

function setup(store: Record<string, ProviderCredentials>) {
  const credentials = vi.fn(async (id: string) => store[id] ?? null);
  return { registry: createProviderRegistry({ credentials, local: { tokenDelayMs: 0 } }), credentials };
}

describe('createProviderRegistry', () => {
  it('always has the local model, without asking for credentials', async () => {
    const { registry, credentials } = setup({});
    const local = await registry.get('local');
    expect(local.label).toBe(LOCAL_MODEL_LABEL);
    expect(credentials).not.toHaveBeenCalled();
  });

  it('rejects an unconfigured provider with not_configured and a clear message', async () => {
    const { registry } = setup({ anthropic: { apiKey: '  ' }, 'custom:vllm': { apiKey: 'k' } });
    await expect(registry.get('openai')).rejects.toMatchObject({
      code: Codes.notConfigured,
      message: expect.stringContaining('no credentials'),
    });
    await expect(registry.get('anthropic')).rejects.toMatchObject({
      code: Codes.notConfigured,
      message: expect.stringContaining('API key for Anthropic is required'),
    });
    await expect(registry.get('custom:vllm')).rejects.toMatchObject({
      message: expect.stringContaining('base URL'),
    });
    await expect(registry.get('made-up')).rejects.toMatchObject({
      message: expect.stringContaining('unknown provider'),
    });
  });

  it('builds each provider once, even when asked concurrently', async () => {
    const { registry, credentials } = setup({ openai: { apiKey: 'sk-1' } });
    const [a, b] = await Promise.all([registry.get('openai'), registry.get('openai')]);
    expect(a).toBe(b);
    expect(await registry.get('openai')).toBe(a);
    expect(credentials).toHaveBeenCalledTimes(1);
    expect(a.models.map((m) => m.id)).toContain('gpt-5-mini');
  });

  it('does not cache a failure, and invalidate() picks up changed keys', async () => {
    const store: Record<string, ProviderCredentials> = {};
    const { registry } = setup(store);
    await expect(registry.get('groq')).rejects.toMatchObject({ code: Codes.notConfigured });
    store.groq = { apiKey: 'gsk-1' };
    const first = await registry.get('groq');
    expect(first.id).toBe('groq');
    registry.invalidate('groq');
    expect(await registry.get('groq')).not.toBe(first);
  });

  it('configures keyless Ollama and named custom endpoints', async () => {
    const { registry } = setup({ ollama: {}, 'custom:vllm': { baseURL: 'http://10.0.0.5:8000/v1' } });
    expect((await registry.get('ollama')).label).toBe('Ollama (local)');
    const custom = await registry.get('custom:vllm');
    expect(custom).toMatchObject({ id: 'custom:vllm', label: 'vllm' });
  });
});
