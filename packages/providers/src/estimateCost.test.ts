import { describe, expect, it } from 'vitest';
import { estimateCost } from './estimateCost';
import { findCatalogEntry, findCatalogModel, PROVIDER_CATALOG } from './providerCatalog';

describe('provider catalog', () => {
  it('has one entry per id, and every remote preset says where it lives', () => {
    const ids = PROVIDER_CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'local',
        'openai',
        'anthropic',
        'gemini',
        'groq',
        'deepseek',
        'openrouter',
        'ollama',
        'custom',
      ]),
    );
    for (const entry of PROVIDER_CATALOG) {
      if (entry.kind === 'local' || entry.requiresBaseURL) expect(entry.defaultBaseURL).toBeUndefined();
      else expect(entry.defaultBaseURL).toMatch(/^https?:\/\//);
      if (entry.id !== 'custom') expect(entry.models.length).toBeGreaterThan(0);
    }
    expect(findCatalogEntry('gemini')?.defaultBaseURL).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai/',
    );
    expect(findCatalogEntry('ollama')).toMatchObject({
      requiresKey: false,
      defaultBaseURL: 'http://127.0.0.1:11434/v1',
    });
    expect(findCatalogEntry('custom:my-vllm')?.id).toBe('custom');
    expect(findCatalogEntry('nope')).toBeUndefined();
  });

  it('matches dated model snapshots to their base entry but not unrelated ids', () => {
    const anthropic = findCatalogEntry('anthropic')!;
    expect(findCatalogModel(anthropic, 'claude-haiku-4-5-20251001')?.id).toBe('claude-haiku-4-5');
    expect(findCatalogModel(anthropic, 'claude-haiku-4-5-turbo')).toBeUndefined();
  });
});

describe('estimateCost', () => {
  it('prices tokens per million at list price', () => {
    expect(estimateCost('openai', 'gpt-4.1', { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(
      6,
    );
    expect(
      estimateCost('anthropic', 'claude-sonnet-4-6', { inputTokens: 1_000, outputTokens: 500 }),
    ).toBeCloseTo(0.0105);
  });

  it('is 0 for free providers and OpenRouter :free variants', () => {
    const usage = { inputTokens: 10_000, outputTokens: 10_000 };
    expect(estimateCost('local', 'local-demo', usage)).toBe(0);
    expect(estimateCost('ollama', 'anything-pulled-locally', usage)).toBe(0);
    expect(estimateCost('openrouter', 'meta-llama/llama-3.3-70b-instruct:free', usage)).toBe(0);
  });

  it('is null when provider or model price is unknown', () => {
    const usage = { inputTokens: 1, outputTokens: 1 };
    expect(estimateCost('nope', 'x', usage)).toBeNull();
    expect(estimateCost('openai', 'gpt-unknown', usage)).toBeNull();
    expect(estimateCost('custom:vllm', 'mistral', usage)).toBeNull();
    expect(estimateCost('openrouter', 'deepseek/deepseek-chat', usage)).toBeNull();
  });
});
