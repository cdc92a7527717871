import { useSyncExternalStore } from 'react';
import { applyThemeColor } from './applyThemeColor';
import { applyThemeChoice, readThemeChoice, type ThemeChoice, writeThemeChoice } from './themePreference';

let current: ThemeChoice = 'system';
const listeners = new Set<() => void>();

function set(choice: ThemeChoice): void {
  applyThemeChoice(document.documentElement, choice);
  applyThemeColor(document, choice);
  if (choice === current) return;
  current = choice;
  for (const listener of listeners) listener();
}

/** Applies the remembered theme for `userId` (null: this device's last choice). Runs before the first render. */
export function loadTheme(userId: string | null): void {
  set(readThemeChoice(localStorage, userId));
}

/** Switches the theme now and remembers it for the account and the device. */
export function chooseTheme(userId: string | null, choice: ThemeChoice): void {
  writeThemeChoice(localStorage, userId, choice);
  set(choice);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme in effect, for components that pass it on (React Flow's colorMode). */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, () => current);
}
