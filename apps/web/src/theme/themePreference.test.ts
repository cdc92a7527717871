import { describe, expect, it } from 'vitest';
import { applyThemeChoice, readThemeChoice, type ThemeStorage, writeThemeChoice } from './themePreference';

function memoryStorage(initial: Record<string, string> = {}): ThemeStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('theme preference', () => {
  it('follows the system until something is chosen', () => {
    expect(readThemeChoice(memoryStorage(), null)).toBe('system');
    expect(readThemeChoice(memoryStorage(), 'ada')).toBe('system');
  });

  it('remembers a choice per account, and as the device default for when nobody is known', () => {
    const storage = memoryStorage();
    writeThemeChoice(storage, 'ada', 'dark');
    expect(readThemeChoice(storage, 'ada')).toBe('dark');
    expect(readThemeChoice(storage, null)).toBe('dark');

    writeThemeChoice(storage, 'bob', 'light');
    expect(readThemeChoice(storage, 'bob')).toBe('light');
    // Bob picking light on this device does not change Ada's account.
    expect(readThemeChoice(storage, 'ada')).toBe('dark');
    // An account that never chose takes the device's last choice.
    expect(readThemeChoice(storage, 'cy')).toBe('light');
  });

  it('ignores values it did not write', () => {
    expect(readThemeChoice(memoryStorage({ 'synapse.theme': 'purple' }), null)).toBe('system');
    expect(readThemeChoice(memoryStorage({ 'synapse.theme:ada': 'x', 'synapse.theme': 'dark' }), 'ada')).toBe(
      'dark',
    );
  });

  it('falls back to the system theme when storage is blocked', () => {
    const blocked: ThemeStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writeThemeChoice(blocked, 'ada', 'dark')).not.toThrow();
    expect(readThemeChoice(blocked, 'ada')).toBe('system');
  });

  it('sets data-theme for an explicit choice and removes it for the system', () => {
    const attributes = new Map<string, string>();
    const root = {
      setAttribute: (name: string, value: string) => void attributes.set(name, value),
      removeAttribute: (name: string) => void attributes.delete(name),
    };
    applyThemeChoice(root, 'dark');
    expect(attributes.get('data-theme')).toBe('dark');
    applyThemeChoice(root, 'light');
    expect(attributes.get('data-theme')).toBe('light');
    applyThemeChoice(root, 'system');
    expect(attributes.has('data-theme')).toBe(false);
  });
});
