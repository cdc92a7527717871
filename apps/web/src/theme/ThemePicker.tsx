import './themePicker.css';
import { useEffect } from 'react';
import { THEME_CHOICES, type ThemeChoice } from './themePreference';
import { chooseTheme, loadTheme, useThemeChoice } from './themeStore';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System / Light / Dark, remembered for the signed-in account. */
export function ThemePicker({ userId }: { userId: string }) {
  const choice = useThemeChoice();
  // Another account may have signed in on this device since the page loaded: use this one's choice.
  useEffect(() => loadTheme(userId), [userId]);
  return (
    <fieldset className="theme-picker" data-testid="theme-picker">
      <legend className="theme-picker__legend">Theme</legend>
      <div className="segmented">
        {THEME_CHOICES.map((option) => (
          <button
            key={option}
            type="button"
            className="segmented__option theme-picker__option"
            aria-pressed={choice === option}
            data-testid={`theme-${option}`}
            onClick={() => chooseTheme(userId, option)}
          >
            {LABELS[option]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
