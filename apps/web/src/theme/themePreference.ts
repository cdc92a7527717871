/** The colour theme a person picked: follow the operating system, or always light, or always dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The part of `Storage` the preference needs, so tests pass a Map-backed fake. */
export interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const DEVICE_KEY = 'synapse.theme';
const userKey = (userId: string) => `${DEVICE_KEY}:${userId}`;

function parseChoice(raw: string | null): ThemeChoice | null {
  return THEME_CHOICES.find((choice) => choice === raw) ?? null;
}

/**
 * The remembered choice: the account's own when the user is known, else the last one picked on this
 * device (the sign-in page has no user yet), else the system's.
 */
export function readThemeChoice(storage: ThemeStorage, userId: string | null): ThemeChoice {
  try {
    const own = userId ? parseChoice(storage.getItem(userKey(userId))) : null;
    return own ?? parseChoice(storage.getItem(DEVICE_KEY)) ?? 'system';
  } catch {
    // Storage blocked (private mode, sandboxed frame): the system theme still works.
    return 'system';
  }
}

/** Remembers the choice for the account and as this device's default. */
export function writeThemeChoice(storage: ThemeStorage, userId: string | null, choice: ThemeChoice): void {
  try {
    if (userId) storage.setItem(userKey(userId), choice);
    storage.setItem(DEVICE_KEY, choice);
  } catch {
    // Full or blocked storage: the choice holds for this page only.
  }
}

/** The attribute the stylesheets read: absent for "system", so `prefers-color-scheme` decides. */
export function applyThemeChoice(
  root: Pick<Element, 'setAttribute' | 'removeAttribute'>,
  choice: ThemeChoice,
): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}
