import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS, optionsFor, readProviderList } from './providerOptions';

describe('readProviderList', () => {
  it('reads the documented shape and always offers the local model first', () => {
    const list = readProviderList([
      { id: 'openai', label: 'OpenAI', models: [{ id: 'gpt-5', label: 'GPT-5' }], configured: true },
    ]);
    expect(list?.map((p) => p.id)).toEqual(['local', 'openai']);
    expect(list?.[1]).toEqual({
      id: 'openai',
      label: 'OpenAI',
      models: [{ id: 'gpt-5', label: 'GPT-5' }],
      configured: true,
    });
  });

  it('accepts a wrapped list, bare model ids and missing labels, and skips junk', () => {
    const list = readProviderList({
      providers: [
        { id: 'local', models: [] },
        { id: 'groq', models: ['llama', { id: 'llama' }, 7] },
        null,
        { label: 'x' },
      ],
    });
    expect(list).toEqual([
      {
        id: 'local',
        label: 'local',
        models: [{ id: 'local-demo', label: 'Local demo model (offline)' }],
        configured: null,
      },
      { id: 'groq', label: 'groq', models: [{ id: 'llama', label: 'llama' }], configured: null },
    ]);
  });

  it('returns null for bodies without providers, so the built-in list is used', () => {
    expect(readProviderList({ error: { code: 'synapse.not_found' } })).toBeNull();
    expect(readProviderList([])).toBeNull();
  });
});

describe('optionsFor', () => {
  it('keeps an unknown provider and model visible instead of changing them', () => {
    const { providers, models } = optionsFor(BUILTIN_PROVIDERS, 'mistral', 'large');
    expect(providers.at(-1)).toMatchObject({ id: 'mistral', label: 'mistral (unknown)' });
    expect(models).toEqual([{ id: 'large', label: 'large (custom)' }]);
  });

  it('lists the provider’s models when the current one is known', () => {
    expect(optionsFor(BUILTIN_PROVIDERS, 'local', 'local-demo').models.map((m) => m.id)).toEqual([
      'local-demo',
    ]);
  });
});
