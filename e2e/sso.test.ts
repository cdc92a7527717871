// Single sign-on in Chromium: the sign-in page's "Sign in with <provider>" button, the provider's own
// sign-in form (oidc-provider, a real OpenID Provider started here), and back to Synapse signed in — under
// the server's strict CSP and Host check.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '@synapse/schema';
import { type OidcProviderHost, type Stack, startSsoStack, type TestUser } from '@synapse/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));

let stack: Stack;
let idp: OidcProviderHost;
let browser: Browser;
let olive: TestUser;

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('apps/web/dist is missing: run `npm run build`');
  ({ stack, idp } = await startSsoStack({ webDist: WEB_DIST, devAuth: false, ssoName: 'Acme ID' }));
  olive = await stack.users.signUp({ name: 'Olive Owner', email: 'olive@example.test' });
  idp.person('ada', 'ada@example.test', true, 'Ada Lovelace');
  idp.person('olive', 'olive@example.test', true, 'Olive at Acme');
  idp.person('eve', 'eve@example.test', false);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  await idp?.stop();
});

/** From Synapse's sign-in page through the provider's form; returns once back on Synapse. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${stack.url}/login`);
  const button = page.getByTestId('sso-sign-in');
  expect(await button.textContent()).toBe('Sign in with Acme ID');
  await button.click();
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.origin === stack.url);
}

describe('single sign-on in the browser', () => {
  it('signs in through the identity provider and lands in the app, signed in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signInAtProvider(page, 'ada');
    await page.getByTestId('list-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me.user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.test' });
    expect(me.workspaces).toEqual([{ id: 'default', name: 'Default workspace', role: 'editor' }]);
    const cookies = await context.cookies(stack.url);
    expect(cookies.find((c) => c.name === 'synapse_session')?.httpOnly).toBe(true);
    expect(cookies.find((c) => c.name === 'synapse_sso')).toBeUndefined();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('shows why on the sign-in page when the provider has not verified the email', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInAtProvider(page, 'eve');
    const error = page.getByTestId('sso-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/not verified your email address/);
    // The reason is read once and dropped from the address bar.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('auth-submit').textContent()).toBe('Sign in');
    await context.close();
  });

  it('lets an owner signed in with SSO require it for the workspace from Settings', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInAtProvider(page, 'olive');
    await page.getByTestId('list-page').waitFor();
    await page.goto(`${stack.url}/w/default/settings/sso`);
    const toggle = page.getByTestId('sso-only-toggle');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="sso-only-toggle"]') as HTMLInputElement | null)?.checked,
    );
    // The same owner's password session is now refused the workspace; the SSO session is not.
    const refused = await olive.request('/api/workspaces/default/members');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe(ErrorCodes.ssoRequired);
    expect(await page.evaluate(async () => (await fetch('/api/workspaces/default/members')).status)).toBe(
      200,
    );
    await context.close();
  });
});
