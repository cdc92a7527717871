import { type Browser, chromium } from 'playwright-core';
import { type Timing, timing } from './stats';

export interface PageLoadResult {
  /** Fresh browser context each time: empty cache, empty IndexedDB (a first visit). */
  cold: Timing;
  /** Reload in the same context: assets cached, the workspace index already replicated. */
  warm: Timing;
  rows: number;
}

async function firstRowsAt(page: import('playwright-core').Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="history-row"]').length > 0,
    undefined,
    {
      timeout: 60_000,
    },
  );
  // Milliseconds since this navigation started: the moment the first page of rows is in the DOM.
  return page.evaluate(() => performance.now());
}

/** Time from navigation to the History page's first rendered rows, in Chromium, cold and warm. */
export async function measurePageLoad(baseUrl: string, reps: number): Promise<PageLoadResult> {
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const url = `${baseUrl}/w/default/history`;
  const cold: number[] = [];
  const warm: number[] = [];
  let rows = 0;
  try {
    for (let i = 0; i < reps + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const first = await firstRowsAt(page, url);
      const again = await firstRowsAt(page, url);
      rows = await page.locator('[data-testid="history-row"]').count();
      // The very first load also warms the server (route chunks read from disk): not counted.
      if (i > 0) {
        cold.push(first);
        warm.push(again);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { cold: timing(cold), warm: timing(warm), rows };
}
