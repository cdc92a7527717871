// Model output is shown as Markdown in the run panel: formatted, sanitized, with Raw and Copy. A hostile
// output (script tags, event handlers, javascript: links, raw HTML) renders inert — nothing runs.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, shot, startEditorHarness, waitForText } from './editor-harness';

const HOSTILE = [
  '# Report',
  '',
  '- **bold** point',
  '- a [safe link](https://example.com/docs)',
  '',
  '| Metric | Value |',
  '| ------ | ----- |',
  '| tokens | 42 |',
  '',
  '```js',
  'console.log("code block");',
  '```',
  '',
  '<script>window.__pwned = "script"; alert("script")</script>',
  '',
  "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">",
  '',
  '![pixel](/api/health?leak=1)',
  '',
  "[click me](javascript:window.__pwned='link';alert('link'))",
  '',
  '<a href="javascript:alert(\'raw\')">raw link</a> <iframe src="javascript:alert(\'frame\')"></iframe>',
  '',
  '<div onmouseover="alert(\'hover\')">hover me</div>',
].join('\n');

let h: EditorHarness;
let page: Page;
const dialogs: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  h = await startEditorHarness();
  page = await h.newPage(h.ada, { permissions: ['clipboard-read', 'clipboard-write'] });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => requests.push(request.url()));
});

afterAll(async () => {
  await h?.close();
});

describe('Markdown outputs', () => {
  it('renders a hostile output in the run panel as inert Markdown, with Raw and Copy', async () => {
    let input = '';
    const workflowId = await h.seedWorkflow(h.ada, 'Hostile output', (doc) => {
      input = addNode(
        doc,
        { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Payload', value: HOSTILE } },
        USER_ORIGIN,
      );
      const output = addNode(doc, { type: 'output', position: { x: 320, y: 0 }, data: {} }, USER_ORIGIN);
      connect(doc, { source: input, target: output }, USER_ORIGIN);
    });
    await page.goto(h.workflowUrl(workflowId));
    await waitForText(page, 'sync-status', 'Saved');
    await page.getByTestId('run-button').click();
    await waitForText(page, 'run-status', 'succeeded');

    const rendered = page.getByTestId(`rendered-output-${input}`);
    await rendered.waitFor();
    // Formatted: a heading, a list, a table, a code block, a link that opens safely in a new tab.
    expect(await rendered.locator('h1').textContent()).toBe('Report');
    expect(await rendered.locator('li').count()).toBe(2);
    expect(await rendered.locator('td').allTextContents()).toEqual(['tokens', '42']);
    expect(await rendered.locator('pre code').textContent()).toContain('console.log("code block");');
    const safe = rendered.getByText('safe link');
    expect(await safe.getAttribute('target')).toBe('_blank');
    expect(await safe.getAttribute('rel')).toBe('noopener noreferrer');

    // Inert: no script, image, frame or event handler made it into the page, no javascript: URL.
    const found = await rendered.evaluate((root) => ({
      dangerous: root.querySelectorAll('script, img, iframe, object, embed, style').length,
      handlers: [...root.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].map((a) => a.name).filter((n) => n.startsWith('on') || n === 'style'),
      ),
      jsLinks: [...root.querySelectorAll('a')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
      ).length,
    }));
    expect(found).toEqual({ dangerous: 0, handlers: [], jsLinks: 0 });
    // The javascript: link is still clickable text, and clicking it does nothing.
    await rendered.getByText('click me').click();
    // Raw HTML is left out, not parsed: the hostile div is not on the page at all.
    expect(await rendered.getByText('hover me').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The image was not fetched: it is a link to follow, not a request made on the reader's behalf.
    expect(requests.some((url) => url.includes('leak=1'))).toBe(false);
    expect(await rendered.getByText('Image: pixel').getAttribute('href')).toBe('/api/health?leak=1');
    await rendered.scrollIntoViewIfNeeded();
    await shot(page, 'markdown-01-rendered');

    // Raw shows the text exactly as the model wrote it; Copy puts that text on the clipboard.
    await page.getByTestId(`output-view-raw-${input}`).click();
    await page.getByTestId(`node-output-${input}`).waitFor({ state: 'visible' });
    expect(await page.getByTestId(`node-output-${input}`).textContent()).toBe(HOSTILE);
    await page.getByTestId(`output-copy-${input}`).click();
    await waitForText(page, `output-copy-${input}`, 'Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(HOSTILE);
    await shot(page, 'markdown-02-raw');
    expect(dialogs).toEqual([]);
    expect(h.errorsOf(page)).toEqual([]);
  });
});
