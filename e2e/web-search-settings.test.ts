// The Tools page's Web search panel: Brave / Tavily keys stored in the workspace key store as providers
// `brave` / `tavily` (what the runner's web_search looks up). Editors add, test and remove them; a
// viewer sees them without the form.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, shot, startEditorHarness } from './editor-harness';

let h: EditorHarness;
// Brave's search API as far as "Test" needs it: answers the token it was given.
let brave: Server;
let braveUrl = '';
const tokens: (string | undefined)[] = [];

beforeAll(async () => {
  h = await startEditorHarness();
  brave = createServer((req, res) => {
    tokens.push(req.headers['x-subscription-token'] as string | undefined);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"web":{"results":[]}}');
  });
  await new Promise<void>((resolve) => brave.listen(0, '127.0.0.1', resolve));
  braveUrl = `http://127.0.0.1:${(brave.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => brave?.close(resolve));
});

async function openTools(page: Page): Promise<void> {
  await page.goto(`${h.stack.url}/w/default/tools`);
  await page.getByTestId('web-search-panel').waitFor();
}

describe('web search settings on the Tools page', () => {
  it('an editor adds a Tavily key, tests and removes a Brave key; a viewer only sees them', async () => {
    const page = await h.newPage(h.bob);
    await openTools(page);
    await page.getByTestId('web-search-empty').waitFor();

    await page.getByTestId('web-search-provider').selectOption('tavily');
    await page.getByTestId('web-search-secret').fill('tvly-secret-0123456789');
    await page.getByTestId('web-search-save').click();
    await page.getByTestId('web-search-key-tavily').waitFor();
    expect(await page.getByTestId('web-search-in-use').textContent()).toBe('Tavily');
    expect(await page.getByTestId('web-search-secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain('tvly-secret-0123456789');

    // The runner tries Brave first; this one points at a stand-in for Brave's API.
    const saved = await h.ada.request('/api/workspaces/default/keys', {
      body: { provider: 'brave', apiKey: 'brave-secret-0123456789', baseUrl: braveUrl },
    });
    expect(saved.status).toBe(201);
    await page.reload();
    await page.getByTestId('web-search-key-brave').waitFor();
    expect(await page.getByTestId('web-search-in-use').textContent()).toBe('Brave Search');
    await page.getByTestId('web-search-test-brave').click();
    await page.getByText('The provider accepted the key.').waitFor();
    expect(tokens).toEqual(['brave-secret-0123456789']);
    await shot(page, 'tools-web-search');

    const viewer = await h.stack.users.signUp({
      name: 'Vera Viewer',
      inviteToken: await h.stack.users.invite(h.ada, 'default', 'viewer'),
    });
    const seen = await h.newPage(viewer);
    await openTools(seen);
    await seen.getByTestId('web-search-key-tavily').waitFor();
    await seen.getByTestId('web-search-readonly').waitFor();
    expect(await seen.getByTestId('web-search-save').count()).toBe(0);
    expect(await seen.getByTestId('web-search-remove-brave').isDisabled()).toBe(true);

    await page.getByTestId('web-search-remove-brave').click();
    await page.getByText('Removed the Brave Search key.').waitFor();
    // The list reloads after the notice: the row goes once the server's answer is back.
    await page.getByTestId('web-search-key-brave').waitFor({ state: 'detached' });
    expect(await page.getByTestId('web-search-in-use').textContent()).toBe('Tavily');
    expect(h.errorsOf(page)).toEqual([]);
    expect(h.errorsOf(seen)).toEqual([]);
  });
});
