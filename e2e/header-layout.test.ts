// The app header on every kind of page: the workspace goes by its name, breadcrumbs and long workflow
// titles end in an ellipsis inside their own area instead of running under the workspace nav.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, shot, startEditorHarness, waitForText } from './editor-harness';

const LONG_NAME =
  'Quarterly competitive landscape research, drafted, critiqued and edited for the leadership offsite';

let h: EditorHarness;
let page: Page;

beforeAll(async () => {
  h = await startEditorHarness();
  // Narrower than the other suites: where the header is tightest, and where the overlap was seen.
  page = await h.newPage(h.ada, { viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await h?.close();
});

interface Box {
  left: number;
  right: number;
}

/** Where the header's title area and nav are, and whether the title's text fits or ends in an ellipsis. */
async function headerLayout(page: Page, textSelector: string) {
  return page.evaluate((selector) => {
    const box = (el: Element | null): Box | null => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right };
    };
    // An input's scrollWidth does not grow with its value: measure the value in the input's font.
    const textWidth = (el: HTMLElement): number => {
      if (!(el instanceof HTMLInputElement)) return el.scrollWidth;
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = getComputedStyle(el).font;
      return context.measureText(el.value).width;
    };
    const text = document.querySelector<HTMLElement>(selector);
    return {
      title: box(document.querySelector('.app-header__title')),
      crumbs: box(document.querySelector('.page-crumbs')),
      nav: box(document.querySelector('.workspace-nav')),
      cut: text ? textWidth(text) > text.clientWidth : null,
      /** How much of the text shows (its box; an input's padding left 18 px when the header crowded it out). */
      shown: text?.clientWidth ?? 0,
      ellipsis: text ? getComputedStyle(text).textOverflow === 'ellipsis' : null,
      /** Everything inside the title area stays inside it. */
      spills: [...document.querySelectorAll('.app-header__title *')].some((el) => {
        const area = document.querySelector('.app-header__title')?.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return area !== undefined && r.width > 0 && r.right > area.right + 0.5;
      }),
    };
  }, textSelector);
}

function expectApart(a: Box | null, b: Box | null): void {
  expect(a).not.toBeNull();
  expect(b).not.toBeNull();
  expect((a as Box).right).toBeLessThanOrEqual((b as Box).left);
}

describe('the app header', () => {
  it('names the workspace, not its id', async () => {
    const created = await h.ada.request('/api/workspaces', { body: { name: 'Acme Research' } });
    expect(created.status).toBe(201);
    const { workspace } = (await created.json()) as { workspace: { id: string } };
    for (const path of ['', '/tools', '/memory', '/history']) {
      await page.goto(`${h.stack.url}/w/${workspace.id}${path}`);
      await page.locator('.page-crumbs .crumb').first().waitFor();
      expect(await page.locator('.page-crumbs .crumb').first().textContent()).toBe('Acme Research');
      expect(await page.locator('.app-header').textContent()).not.toContain(workspace.id);
    }
    await shot(page, 'header-01-workspace-name');
  });

  it('keeps a long workflow title and the run and compare breadcrumbs clear of the nav, with an ellipsis', async () => {
    const workflowId = await h.seedWorkflow(h.ada, LONG_NAME, (doc) => {
      const input = addNode(doc, { type: 'input', position: { x: 0, y: 0 }, data: {} }, USER_ORIGIN);
      const output = addNode(doc, { type: 'output', position: { x: 300, y: 0 }, data: {} }, USER_ORIGIN);
      connect(doc, { source: input, target: output }, USER_ORIGIN);
    });
    await page.goto(h.workflowUrl(workflowId));
    await waitForText(page, 'sync-status', 'Saved');
    const editor = await headerLayout(page, '.workflow-name-input');
    expect(editor.cut).toBe(true);
    expect(editor.ellipsis).toBe(true);
    expect(editor.shown).toBeGreaterThan(100);
    await shot(page, 'header-02-editor-long-title');

    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('run-button').click();
      await page.waitForFunction((seen) => {
        const id = document.querySelector('[data-testid="run-id"]')?.getAttribute('title');
        const status = document.querySelector('[data-testid="run-status"]')?.textContent;
        return id && !seen.includes(id) && status === 'succeeded';
      }, runIds);
      runIds.push((await page.getByTestId('run-id').getAttribute('title')) as string);
    }
    const [first, second] = runIds as [string, string];

    await page.goto(`${h.stack.url}/w/default/history/${second}`);
    await page.getByTestId('run-detail').waitFor();
    await waitForText(page, 'run-detail-title', LONG_NAME);
    const run = await headerLayout(page, '.page-crumbs .crumb--current');
    expectApart(run.crumbs, run.nav);
    expect(run.spills).toBe(false);
    // Room enough at this width that "Run <id>" reads in full.
    expect(run.cut).toBe(false);
    await shot(page, 'header-03-run-page');

    await page.goto(`${h.stack.url}/w/default/compare/${first}/${second}`);
    await page.getByTestId('compare-page').waitFor();
    const compare = await headerLayout(page, '.page-crumbs .crumb--current');
    expectApart(compare.crumbs, compare.nav);
    expect(compare.spills).toBe(false);
    await shot(page, 'header-04-compare-page');
  });
});
