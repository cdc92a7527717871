// Settings → Secrets: the workspace vault HTTP request nodes read by name. An editor adds a secret and sees
// it listed by name and hint without its value (in the page, the DOM and the form), limits it to hosts
// and narrows them (lifting the limit is for owners), replaces and deletes it; a viewer sees the names only, without the form; light and dark draw without a browser error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, shot, startEditorHarness } from './editor-harness';

const VALUE = 'ghp_e2e_vault_value_0123456789LAST';
let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('Settings → Secrets', () => {
  it('an editor adds a secret, sees it listed without the value, replaces and deletes it', async () => {
    const page = await h.newPage(h.bob);
    await page.goto(`${h.stack.url}/w/default/settings/secrets`);
    await page.getByTestId('secrets-empty').waitFor();

    await page.getByTestId('secret-name').fill('GITHUB_TOKEN');
    await page.getByTestId('secret-value').fill(VALUE);
    await page.getByTestId('secret-hosts').fill('api.github.com, *.GitHubUserContent.com');
    await page.getByTestId('secret-save').click();
    await page.getByTestId('secret-GITHUB_TOKEN').waitFor();
    expect(await page.getByTestId('secret-GITHUB_TOKEN-hosts').textContent()).toBe(
      'api.github.com, *.githubusercontent.com',
    );
    expect(await page.getByTestId('secret-hosts').inputValue()).toBe('');
    expect(await page.getByTestId('secret-GITHUB_TOKEN-hint').textContent()).toBe('…LAST');
    expect(await page.getByTestId('secret-value').inputValue()).toBe('');
    expect(await page.content()).not.toContain(VALUE);
    expect(await page.getByTestId('secret-GITHUB_TOKEN').textContent()).toContain('Bob Hopper');

    // A name that is not an identifier is refused by the server with its reason (the browser's own
    // pattern check is bypassed to reach it).
    await page.getByTestId('secret-name').evaluate((input) => input.removeAttribute('pattern'));
    await page.getByTestId('secret-name').fill('NOT-AN-IDENTIFIER');
    await page.getByTestId('secret-value').fill('value');
    await page.getByTestId('secret-save').click();
    await page.getByTestId('secret-error').waitFor();

    // Hosts change without the value: a port is refused with the server's reason; an editor narrows.
    await page.getByTestId('secret-GITHUB_TOKEN-edit-hosts').click();
    expect(await page.getByTestId('secret-GITHUB_TOKEN-hosts-input').inputValue()).toBe(
      'api.github.com, *.githubusercontent.com',
    );
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-input').fill('api.github.com:443');
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-save').click();
    await page
      .getByTestId('secret-GITHUB_TOKEN')
      .getByText(/no port/)
      .waitFor();
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-input').fill('api.github.com');
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-save').click();
    await page.getByText('GITHUB_TOKEN is sent only to api.github.com.').waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="secret-GITHUB_TOKEN-hosts"]')?.textContent === 'api.github.com',
    );
    // Bob is an editor: lifting the limit (any host) is for owners.
    await page.getByTestId('secret-GITHUB_TOKEN-edit-hosts').click();
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-input').fill('');
    await page.getByTestId('secret-GITHUB_TOKEN-hosts-save').click();
    await page
      .getByTestId('secret-GITHUB_TOKEN')
      .getByText(/only an owner may/)
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('secret-GITHUB_TOKEN-hosts').textContent()).toBe('api.github.com');
    expect(await page.getByTestId('secret-GITHUB_TOKEN-hint').textContent()).toBe('…LAST');

    await page.getByTestId('secret-GITHUB_TOKEN-replace').click();
    await page.getByTestId('secret-GITHUB_TOKEN-new-value').fill('ghp_e2e_replaced_value_9999');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Replaced the value of GITHUB_TOKEN.').waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="secret-GITHUB_TOKEN-hint"]')?.textContent === '…9999',
    );
    await shot(page, 'settings-secrets-light');

    const dark = await h.newPage(h.ada, { colorScheme: 'dark' });
    await dark.goto(`${h.stack.url}/w/default/settings/secrets`);
    await dark.getByTestId('secret-GITHUB_TOKEN').waitFor();
    expect(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(15, 17, 21)',
    );
    await shot(dark, 'settings-secrets-dark');

    const viewer = await h.stack.users.signUp({
      name: 'Vera Viewer',
      inviteToken: await h.stack.users.invite(h.ada, 'default', 'viewer'),
    });
    const seen = await h.newPage(viewer);
    await seen.goto(`${h.stack.url}/w/default/settings/secrets`);
    await seen.getByTestId('secret-GITHUB_TOKEN').waitFor();
    await seen.getByTestId('secrets-readonly').waitFor();
    expect(await seen.getByTestId('secret-GITHUB_TOKEN-hint').textContent()).toBe('••••');
    expect(await seen.getByTestId('secret-save').count()).toBe(0);
    expect(await seen.getByTestId('secret-GITHUB_TOKEN-delete').isDisabled()).toBe(true);

    await page.getByTestId('secret-GITHUB_TOKEN-delete').click();
    await page.getByText('Deleted GITHUB_TOKEN.').waitFor();
    await page.getByTestId('secrets-empty').waitFor();
    expect(h.errorsOf(page)).toEqual([]);
    expect(h.errorsOf(dark)).toEqual([]);
    expect(h.errorsOf(seen)).toEqual([]);
  });
});
