import { describe, expect, it } from 'vitest';
import { PROVIDER_CATALOG } from '../../providers/src/providerCatalog';
import { EXPORT_PROVIDERS, exportProviderOf } from './exportProviders';

describe('exportProviders', () => {
  it('agrees with the provider catalog on every provider Synapse knows', () => {
    for (const entry of PROVIDER_CATALOG) {
      if (entry.id === 'custom') continue;
      const exported = exportProviderOf(entry.id);
      expect(exported, entry.id).toMatchObject({
        id: entry.id,
        label: entry.label,
        kind: entry.kind === 'openai-compatible' ? 'openai' : entry.kind,
        defaultBaseURL: entry.defaultBaseURL ?? null,
        requiresKey: entry.requiresKey,
        maxTokensParam: entry.maxTokensParam ?? 'max_tokens',
        jsonMode: entry.jsonMode === true,
      });
    }
    expect(Object.keys(EXPORT_PROVIDERS).sort()).toEqual(
      PROVIDER_CATALOG.map((e) => e.id)
        .filter((id) => id !== 'custom')
        .sort(),
    );
  });

  it('configures custom endpoints from their own variables', () => {
    expect(exportProviderOf('custom')).toMatchObject({
      keyEnv: 'CUSTOM_API_KEY',
      baseURLEnv: 'CUSTOM_BASE_URL',
    });
    expect(exportProviderOf('custom:--')).toMatchObject({ keyEnv: 'CUSTOM_API_KEY' });
    expect(exportProviderOf('custom:Lab GPU #2')).toMatchObject({
      label: 'Lab GPU #2',
      kind: 'openai',
      defaultBaseURL: null,
      keyEnv: 'CUSTOM_LAB_GPU_2_API_KEY',
    });
  });

  it('knows nothing of unknown ids, including prototype names', () => {
    expect(exportProviderOf('nonsense')).toBeNull();
    expect(exportProviderOf('toString')).toBeNull();
    expect(exportProviderOf('__proto__')).toBeNull();
  });
});
