// Two-factor authentication in the browser: enable it in Settings → Security (codes computed here from
// the key the page shows) and sign in with a TOTP code; a workspace that requires 2FA refuses a member
// without it, and the notice leads them to enrolment, after which the workspace opens.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Stack, startStack, type TestUser } from '@synapse/testkit';
import { Secret, TOTP } from 'otpauth';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));
const STEP_MS = 30_000;

let stack: Stack;
let browser: Browser;
let owner: TestUser;
const contexts: BrowserContext[] = [];

/** What an authenticator app shows for `secret`, `offsetSteps` periods from now. */
const codeFor = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * STEP_MS });

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return page;
}

async function signInWithPassword(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${stack.url}/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByTestId('auth-submit').click();
}

/** Settings → Security: set up, read the key the page shows, turn on with a code; returns the key. */
async function enrolInBrowser(page: Page, workspaceId: string): Promise<string> {
  await page.goto(`${stack.url}/w/${workspaceId}/settings/security`);
  await page.getByTestId('two-factor-setup').click();
  const secret = (await page.getByTestId('two-factor-secret').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The QR code renders under the app's CSP (img-src allows data: URLs).
  const qr = page.getByAltText('QR code for your authenticator app');
  await expect
    .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  await page.getByTestId('two-factor-enable-code').fill(codeFor(secret));
  await page.getByTestId('two-factor-enable').click();
  await page.getByTestId('recovery-codes').waitFor();
  expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
  await page.getByTestId('two-factor-status').getByText('On.').waitFor();
  return secret;
}

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}index.html`))
    throw new Error(
      'apps/web/dist is missing: run `npm run build -w @synapse/web` (or `npm run test:browser`)',
    );
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack({ webDist: WEB_DIST, devAuth: false });
  owner = await stack.users.signUp({ name: 'Olive Owner' });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('two-factor authentication in the browser', () => {
  let ownerSecret = '';
  let ownerPage: Page;

  it('enables 2FA in Settings and signs in with a TOTP code', async () => {
    ownerPage = await newPage();
    await signInWithPassword(ownerPage, owner);
    await ownerPage.getByTestId('sync-status').getByText('Saved').waitFor();
    ownerSecret = await enrolInBrowser(ownerPage, 'default');
    await ownerPage.screenshot({ path: `${ARTIFACTS}two-factor-01-enabled.png` });

    // Another browser: the password alone leads to the code step, not into the app.
    const page = await newPage();
    await signInWithPassword(page, owner);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    expect((await page.context().cookies(stack.url)).some((c) => c.name === 'synapse_session')).toBe(false);
    await page.getByTestId('auth-code').fill('000000');
    await page.getByTestId('auth-code-submit').click();
    await page.getByTestId('auth-error').waitFor();
    // The enrolment code's step is spent; the app's next code is accepted.
    await page.getByTestId('auth-code').fill(codeFor(ownerSecret, 1));
    await page.getByTestId('auth-code-submit').click();
    await page.getByTestId('sync-status').getByText('Saved').waitFor();
    expect((await page.context().cookies(stack.url)).some((c) => c.name === 'synapse_session')).toBe(true);
  });

  it('a workspace that requires 2FA refuses a member without it until they enrol', async () => {
    const member = await stack.users.signUp({
      name: 'Mo Member',
      inviteToken: await stack.users.invite(owner, 'default', 'editor'),
    });

    // The owner turns the requirement on (their session was verified by enrolling).
    await ownerPage.goto(`${stack.url}/w/default/settings/security`);
    await ownerPage.getByTestId('workspace-require-2fa').click();
    await expect.poll(() => ownerPage.getByTestId('workspace-require-2fa').isChecked()).toBe(true);
    const [row] = await stack.server.database.sql.query<{ required: boolean }>(
      "select require_2fa as required from workspaces where id = 'default'",
    );
    expect(row?.required).toBe(true);

    const page = await newPage();
    await signInWithPassword(page, member);
    const notice = page.getByTestId('two-factor-required');
    await notice.getByText('This workspace requires two-factor authentication').waitFor();
    expect(await page.getByTestId('sync-status').textContent()).toBe('Not saved');
    await page.screenshot({ path: `${ARTIFACTS}two-factor-02-required.png` });

    await notice.getByRole('link', { name: 'set it up' }).click();
    await page.getByTestId('two-factor-setup').waitFor();
    await enrolInBrowser(page, 'default');
    await page.getByRole('button', { name: 'I saved them' }).click();

    await page.goto(`${stack.url}/w/default`);
    await page.getByTestId('sync-status').getByText('Saved').waitFor();
    expect(await page.getByTestId('two-factor-required').count()).toBe(0);
  });
});
