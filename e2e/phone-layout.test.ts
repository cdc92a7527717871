// A phone (390×844): the list, the editor with a run in it, the run page and the history page fit the
// screen's width (no sideways scrolling), and the header keeps the workspace's name and the avatar in view.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type EditorHarness, shot, startEditorHarness, waitForText } from './editor-harness';

const WIDTH = 390;
const TEMPLATE = 'research-write-critique-edit';

let h: EditorHarness;
let page: Page;

beforeAll(async () => {
  h = await startEditorHarness();
  page = await h.newPage(h.ada, {
    viewport: { width: WIDTH, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
});

afterAll(async () => {
  await h?.close();
});

interface PhoneLayout {
  innerWidth: number;
  scrollWidth: number;
  /** Elements whose box reaches past the right edge of the screen, outside any scrolling strip. */
  overflowing: string[];
  /** The workspace switcher's and the avatar's boxes. */
  switcher: { left: number; right: number; width: number } | null;
  avatar: { left: number; right: number; width: number } | null;
  /** Where you are: the workflow's name in the editor, the current breadcrumb elsewhere. */
  hereReadable: boolean;
}

async function phoneLayout(page: Page): Promise<PhoneLayout> {
  return page.evaluate(() => {
    const box = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    const insideScroller = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (/(auto|scroll|hidden|clip)/.test(style.overflowX)) return true;
      }
      return false;
    };
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} → ${Math.round(el.getBoundingClientRect().right)}`;
    const overflowing = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 0.5 && !insideScroller(el);
      })
      .map(describe);
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      overflowing,
      switcher: box(document.querySelector('.app-header .workspace-switcher__select')),
      avatar: box(document.querySelector('.app-header .account-menu__avatar')),
      hereReadable: (() => {
        const here = document.querySelector<HTMLElement>(
          '.app-header .workflow-name-input, .app-header .crumb--current',
        );
        if (!here) return false;
        // Room for a name: the whole of a short one, at least a few words of a long one.
        return here instanceof HTMLInputElement
          ? here.clientWidth >= 100
          : here.clientWidth >= Math.min(here.scrollWidth, 80);
      })(),
    };
  });
}

async function expectFitsThePhone(page: Page, name: string): Promise<void> {
  await shot(page, `phone-${name}`);
  await page.screenshot({ path: `${ARTIFACTS}phone-${name}-full.png`, fullPage: true });
  const layout = await phoneLayout(page);
  expect(layout.innerWidth).toBe(WIDTH);
  expect(layout.overflowing).toEqual([]);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  // The header: the avatar whole and on screen, the workspace switcher wide enough to read a name.
  expect(layout.avatar).not.toBeNull();
  expect(layout.avatar?.width).toBeGreaterThan(20);
  expect(layout.avatar?.right).toBeLessThanOrEqual(WIDTH);
  expect(layout.switcher?.width).toBeGreaterThanOrEqual(100);
  expect(layout.switcher?.right).toBeLessThanOrEqual(WIDTH);
  expect(layout.hereReadable).toBe(true);
}

describe('on a phone', () => {
  it('the list, editor, run and history pages have no sideways scroll', async () => {
    // A workflow from the gallery, as a newcomer would start.
    await page.goto(`${h.stack.url}/w/default/templates`);
    await page.getByTestId(`template-${TEMPLATE}`).waitFor();
    await expectFitsThePhone(page, '00-templates');
    await page.getByTestId(`use-template-${TEMPLATE}`).click();
    await page.waitForURL(
      (url) => /^\/w\/default\/[A-Za-z0-9_-]+$/.test(url.pathname) && !url.pathname.endsWith('/templates'),
    );

    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6);
    await waitForText(page, 'sync-status', 'Saved');
    await page.getByTestId('run-button').click();
    await page.getByTestId('run-form-submit').click();
    await waitForText(page, 'run-status', 'succeeded');
    const runId = (await page.getByTestId('run-id').getAttribute('title')) as string;
    await expectFitsThePhone(page, '02-editor-run');

    await page.goto(`${h.stack.url}/w/default/history/${runId}`);
    await page.getByTestId('run-detail').waitFor();
    await waitForText(page, 'run-detail-title', 'Research → Write → Critique → Edit');
    await expectFitsThePhone(page, '03-run-page');

    await page.goto(`${h.stack.url}/w/default/history`);
    await page.getByTestId('history-row').first().waitFor();
    await expectFitsThePhone(page, '04-history');
    // The table is wider than the phone: it scrolls sideways inside its own box, the page does not.
    const table = await page.evaluate(() => {
      const box = document.querySelector('.history-table__scroll') as HTMLElement;
      const before = { clientWidth: box.clientWidth, scrollWidth: box.scrollWidth };
      box.scrollLeft = 120;
      return {
        ...before,
        right: box.getBoundingClientRect().right,
        overflowX: getComputedStyle(box).overflowX,
        scrollLeft: box.scrollLeft,
        pageScrollX: window.scrollX,
        pageScrollWidth: document.documentElement.scrollWidth,
      };
    });
    expect(table.overflowX).toBe('auto');
    expect(table.scrollWidth).toBeGreaterThan(table.clientWidth);
    expect(table.right).toBeLessThanOrEqual(WIDTH);
    expect(table.scrollLeft).toBe(120);
    expect(table.pageScrollX).toBe(0);
    expect(table.pageScrollWidth).toBeLessThanOrEqual(WIDTH);
    await shot(page, 'phone-04-history-scrolled');

    // The Memory, Tools and Settings pages: forms and tables stay inside the screen.
    await h.ada.request('/api/workspaces/default/memory', { body: { content: 'Standups are at 9:30.' } });
    await h.ada.request('/api/workspaces/default/api-tokens', { body: { name: 'Phone test token' } });
    await page.goto(`${h.stack.url}/w/default/memory`);
    await page.getByTestId('memory-list').waitFor();
    await expectFitsThePhone(page, '05-memory');
    await page.goto(`${h.stack.url}/w/default/tools`);
    await page.getByTestId('api-tokens').waitFor();
    await expectFitsThePhone(page, '06-tools');
    await h.ada.request('/api/workspaces/default/keys', {
      body: { provider: 'openai', apiKey: 'sk-phone-0123456789abcdef', label: 'Team OpenAI' },
    });
    await page.goto(`${h.stack.url}/w/default/settings/keys`);
    await page.getByTestId('keys-table').waitFor();
    await expectFitsThePhone(page, '07-settings');
    await h.ada.request('/api/workspaces/default/secrets', {
      body: { name: 'GITHUB_TOKEN_FOR_THE_PHONE_TEST', value: 'ghp_phone_0123456789abcdef' },
    });
    await page.goto(`${h.stack.url}/w/default/settings/secrets`);
    await page.getByTestId('secrets-table').waitFor();
    await expectFitsThePhone(page, '08-settings-secrets');

    await page.goto(`${h.stack.url}/w/default`);
    await page.getByTestId('workflow-row').first().waitFor();
    await waitForText(page, 'sync-status', 'Saved');
    await expectFitsThePhone(page, '01-list');

    expect(h.errorsOf(page)).toEqual([]);
  });
});
