// The theme picked in the account menu (System / Light / Dark) overrides the operating system's, is
// applied by the main bundle before React renders (no inline script: the CSP forbids one) and survives
// a reload.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, shot, startEditorHarness } from './editor-harness';

// --bg in base.css.
const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(15, 17, 21)';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

// THEME_COLORS in apps/web/src/theme/applyThemeColor.ts: the header's --surface.
const LIGHT_BAR = '#ffffff';
const DARK_BAR = '#171a21';

async function theme(page: Page) {
  return page.evaluate(() => ({
    background: getComputedStyle(document.body).backgroundColor,
    attribute: document.documentElement.getAttribute('data-theme'),
  }));
}

/** The toolbar colour the browser uses: the first theme-color meta whose media query matches. */
async function themeColor(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')].find(
        (meta) => !meta.media || matchMedia(meta.media).matches,
      )?.content,
  );
}

async function choose(page: Page, option: 'system' | 'light' | 'dark'): Promise<void> {
  await page.getByTestId('account-menu').click();
  await page.getByTestId(`theme-${option}`).click();
  expect(await page.getByTestId(`theme-${option}`).getAttribute('aria-pressed')).toBe('true');
}

async function openList(page: Page): Promise<void> {
  await page.goto(`${h.stack.url}/w/default`);
  await page.getByTestId('list-page').waitFor();
  await page.getByTestId('account-menu').waitFor();
}

describe('the theme toggle', () => {
  it('dark on a light system: the background turns dark, and stays dark after a reload', async () => {
    const page = await h.newPage(h.ada, { colorScheme: 'light' });
    await openList(page);
    expect(await theme(page)).toEqual({ background: LIGHT_BG, attribute: null });
    expect(await themeColor(page)).toBe(LIGHT_BAR);

    await choose(page, 'dark');
    expect(await theme(page)).toEqual({ background: DARK_BG, attribute: 'dark' });
    expect(await themeColor(page)).toBe(DARK_BAR);
    await shot(page, 'theme-01-dark-chosen');

    await page.reload();
    await page.getByTestId('list-page').waitFor();
    expect(await theme(page)).toEqual({ background: DARK_BG, attribute: 'dark' });
    expect(await themeColor(page)).toBe(DARK_BAR);
    await page.getByTestId('account-menu').click();
    expect(await page.getByTestId('theme-dark').getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'theme-02-dark-after-reload');

    // Back to System: the operating system's light theme again, remembered as such.
    await page.getByTestId('theme-system').click();
    expect(await theme(page)).toEqual({ background: LIGHT_BG, attribute: null });
    expect(await themeColor(page)).toBe(LIGHT_BAR);
    await page.reload();
    await page.getByTestId('list-page').waitFor();
    expect(await theme(page)).toEqual({ background: LIGHT_BG, attribute: null });
    expect(await themeColor(page)).toBe(LIGHT_BAR);
    expect(h.errorsOf(page)).toEqual([]);
  });

  it('light on a dark system wins over the system, including on the canvas', async () => {
    const page = await h.newPage(h.bob, { colorScheme: 'dark' });
    await openList(page);
    expect((await theme(page)).background).toBe(DARK_BG);
    expect(await themeColor(page)).toBe(DARK_BAR);
    await choose(page, 'light');
    expect(await theme(page)).toEqual({ background: LIGHT_BG, attribute: 'light' });
    expect(await themeColor(page)).toBe(LIGHT_BAR);

    const workflowId = await h.seedWorkflow(h.bob, 'Light canvas');
    await page.goto(h.workflowUrl(workflowId));
    await page.locator('.react-flow').waitFor();
    expect(await theme(page)).toEqual({ background: LIGHT_BG, attribute: 'light' });
    const canvas = await page.evaluate(
      () => getComputedStyle(document.querySelector('.react-flow') as Element).backgroundColor,
    );
    expect(canvas).toBe(LIGHT_BG);
    await shot(page, 'theme-03-light-on-dark-system');
  });
});
