// Signed-out pages ask `/api/me` a bounded number of times: a 401 from `/api/me` means "signed out", and
// a 401 from any other call marks the session signed out once (it used to ask `/api/me` again, whose 401
// asked again: over a thousand requests in ten seconds on /login).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestUsers, type Stack, startStack, type TestUser } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));
/** One `/api/me` per page load is the design; a little slack for a reconnect's `online` event. */
const MAX_ME_REQUESTS = 3;

let stack: Stack;
let ada: TestUser;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('apps/web/dist is missing: run `npm run build`');
  stack = await startStack({ webDist: WEB_DIST, devAuth: false });
  ada = await createTestUsers(stack.url).signUp({ name: 'Ada Lovelace' });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

interface CountedPage {
  page: Page;
  /** Requests to `/api/me` this page has made so far. */
  meRequests(): number;
  /** `wait`, failing as soon as the page has asked `/api/me` more than MAX_ME_REQUESTS times. */
  unlessLooping<T>(wait: Promise<T>): Promise<T>;
  /** Resolves when the page has had no request in flight for 500 ms (Playwright's `networkidle`). */
  settled(): Promise<void>;
}

async function countedPage(cookie?: string): Promise<CountedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  contexts.push(context);
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: stack.url }]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  let count = 0;
  let tooMany: (error: Error) => void = () => undefined;
  const looping = new Promise<never>((_, reject) => {
    tooMany = reject;
  });
  looping.catch(() => undefined);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/api/me') return;
    count += 1;
    if (count > MAX_ME_REQUESTS) tooMany(new Error(`the page asked /api/me ${count} times`));
  });
  return {
    page,
    meRequests: () => count,
    unlessLooping: (wait) => Promise.race([wait, looping]),
    settled: () => Promise.race([page.waitForLoadState('networkidle'), looping]),
  };
}

describe('signed-out pages', () => {
  it('/login asks /api/me once and settles on the sign-in form', async () => {
    const { page, meRequests, unlessLooping, settled } = await countedPage();
    await page.goto(`${stack.url}/login`);
    await unlessLooping(page.getByTestId('auth-submit').waitFor());
    await settled();
    expect(meRequests()).toBeGreaterThanOrEqual(1);
    expect(meRequests()).toBeLessThanOrEqual(MAX_ME_REQUESTS);
    expect(await page.getByTestId('auth-submit').textContent()).toBe('Sign in');
  });

  it('a session ended elsewhere shows sign-in once, without asking /api/me again and again', async () => {
    const bob = await createTestUsers(stack.url).signIn(ada.email, ada.password);
    const { page, meRequests, unlessLooping, settled } = await countedPage(bob.cookie);
    await page.goto(stack.url);
    await page.getByTestId('list-page').waitFor();
    expect(meRequests()).toBe(1);

    // Signed out in another tab. The page learns it from whichever comes first: the server closing its
    // sync connection (the next sync-token request gets a 401) or the history page's API call.
    const logout = await bob.request('/api/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(204);
    await Promise.race([
      page
        .getByTestId('nav-history')
        .click()
        .catch(() => undefined),
      page.getByTestId('auth-submit').waitFor(),
    ]);

    await unlessLooping(page.getByTestId('auth-submit').waitFor());
    await settled();
    expect(meRequests()).toBeLessThanOrEqual(MAX_ME_REQUESTS);
    expect(await page.getByTestId('auth-submit').textContent()).toBe('Sign in');
  });
});
