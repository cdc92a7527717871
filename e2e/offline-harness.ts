// Shared by e2e/offline-*.test.ts and e2e/list-*.test.ts: Chromium, pages in separate contexts (so
// separate IndexedDB replicas and service workers), screenshots into test-artifacts/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Stack, type StackOptions, startStack } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
// SYNAPSE_E2E_WEB_DIST points the tests at another build of the web app (e.g. one made elsewhere).
const WEB_DIST =
  process.env.SYNAPSE_E2E_WEB_DIST ?? fileURLToPath(new URL('../apps/web/dist/', import.meta.url));

export interface Harness {
  stack: Stack;
  browser: Browser;
  newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(options: StackOptions = {}): Promise<Harness> {
  if (!existsSync(`${WEB_DIST}/index.html`) || !existsSync(`${WEB_DIST}/sw.js`)) {
    throw new Error('apps/web/dist is missing or stale: run `npm run build -w @synapse/web`');
  }
  await mkdir(ARTIFACTS, { recursive: true });
  const stack = await startStack({ webDist: WEB_DIST, ...options });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
        ...contextOptions,
      });
      contexts.push(context);
      const page = await context.newPage();
      // Generous: the machines these run on are shared and often loaded.
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

export async function waitForText(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text,
    [testId, expected] as const,
  );
}

/** Waits until the service worker controls the page, so a reload can be served offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    );
  });
}

/** The names in the list, in order, as shown. */
export async function listedNames(page: Page): Promise<string[]> {
  return page.getByTestId('workflow-name').allTextContents();
}

export async function waitForListed(page: Page, name: string, present = true): Promise<void> {
  await page.waitForFunction(
    ([wanted, shouldBe]) =>
      [...document.querySelectorAll('[data-testid="workflow-name"]')].some(
        (el) => el.textContent === wanted,
      ) === shouldBe,
    [name, present] as const,
  );
}

/** Opens a row's ⋯ menu and picks an action, with the keyboard-reachable controls a person would use. */
export async function rowAction(page: Page, name: string, action: string): Promise<void> {
  const row = page
    .getByTestId('workflow-row')
    .filter({ has: page.getByTestId('workflow-name').getByText(name, { exact: true }) });
  await row.getByTestId('row-menu-button').click();
  await row.getByTestId(`row-action-${action}`).click();
}
