import type { ThemeChoice } from './themePreference';

/** The header's colour (--surface in base.css) per theme; index.html starts with the same two values. */
export const THEME_COLORS = { light: '#ffffff', dark: '#171a21' } as const;

/**
 * The browser's toolbar colour follows the theme in effect: index.html has one `<meta name="theme-color">`
 * per OS scheme (media queries), so "system" gives each its own colour and a chosen theme gives both its one.
 */
export function applyThemeColor(doc: Pick<Document, 'querySelectorAll'>, choice: ThemeChoice): void {
  for (const meta of doc.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    const scheme = meta.media.includes('dark') ? 'dark' : 'light';
    meta.content = THEME_COLORS[choice === 'system' ? scheme : choice];
  }
}
