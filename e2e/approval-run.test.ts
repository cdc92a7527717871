// Human approval in the shared run view (ADR 0023): Alice (owner) watches a run that waits at an
// approval node; Bob (an editor, in his own browser context) edits the value and approves; Alice sees
// the run go on and sees that Bob approved. Accounts are real (dev auth off).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { addNode, connect, initWorkflowDoc, setNodeField, USER_ORIGIN } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { uploadWorkflow } from './uploadWorkflow';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));
const WF = 'approval-e2e';

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A JSON request as the web app sends it (the CSRF guard wants a same-origin Origin). */
async function post(path: string, body: unknown, cookie?: string): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      origin: stack.url,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function signUp(name: string, inviteToken?: string): Promise<string> {
  const response = await post('/api/auth/signup', {
    name,
    email: `${name.toLowerCase()}@example.com`,
    password: `${name}-correct-horse-battery`,
    ...(inviteToken ? { inviteToken } : {}),
  });
  expect(response.status).toBeLessThan(300);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('synapse_session='));
  if (!cookie) throw new Error(`no session for ${name}`);
  return cookie.split(';')[0] as string;
}

async function pageAs(cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  contexts.push(context);
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: stack.url, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return page;
}

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}index.html`))
    throw new Error(
      'apps/web/dist is missing: run `npm run build -w @synapse/web` (or `npm run test:browser`)',
    );
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack({ webDist: WEB_DIST, devAuth: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('Human approval in the shared run', () => {
  it('Bob approves from his browser; Alice sees the run continue and who approved', async () => {
    const alice = await signUp('Alice');
    const invite = await post('/api/workspaces/default/invites', { role: 'editor' }, alice);
    expect(invite.status).toBe(201);
    const bob = await signUp('Bob', ((await invite.json()) as { token: string }).token);

    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Gated' }, USER_ORIGIN);
    const input = addNode(
      doc,
      { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Topic' } },
      USER_ORIGIN,
    );
    setNodeField(doc, input, 'variables', [{ name: 'topic', type: 'string', default: 'tides' }], USER_ORIGIN);
    const gate = addNode(
      doc,
      { type: 'approval', position: { x: 250, y: 0 }, data: { label: 'Review' } },
      USER_ORIGIN,
    );
    setNodeField(doc, gate, 'key', 'review', USER_ORIGIN);
    const output = addNode(
      doc,
      { type: 'output', position: { x: 500, y: 0 }, data: { label: 'Result' } },
      USER_ORIGIN,
    );
    connect(doc, { source: input, target: gate }, USER_ORIGIN);
    connect(doc, { source: gate, sourceHandle: 'approved', target: output }, USER_ORIGIN);
    await uploadWorkflow(stack, WF, doc, alice);

    const alicePage = await pageAs(alice);
    const bobPage = await pageAs(bob);
    await alicePage.goto(`${stack.url}/w/default/${WF}`);
    await bobPage.goto(`${stack.url}/w/default/${WF}`);
    const started = await post(
      `/api/workspaces/default/workflows/${WF}/runs`,
      { inputs: { topic: 'tides' } },
      alice,
    );
    expect(started.status).toBe(202);

    // Both see the pending request, live, in the run they share.
    for (const page of [alicePage, bobPage]) {
      await page.getByTestId(`approval-${gate}`).waitFor();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="run-status"]')?.textContent === 'waiting',
      );
    }
    await alicePage.screenshot({ path: `${ARTIFACTS}approval-01-alice-waiting.png` });

    await bobPage.getByTestId(`approval-value-${gate}`).fill('tides, approved by Bob');
    await bobPage.getByTestId(`approval-approve-${gate}`).click();

    await alicePage.waitForFunction(
      (id) =>
        document
          .querySelector(`[data-testid="approval-decision-${id}"]`)
          ?.textContent?.startsWith('Approved by Bob'),
      gate,
    );
    await alicePage.waitForFunction(
      () => document.querySelector('[data-testid="run-status"]')?.textContent === 'succeeded',
    );
    await alicePage.screenshot({ path: `${ARTIFACTS}approval-02-alice-approved.png` });
    expect(await alicePage.getByTestId(`run-node-status-${output}`).textContent()).toBe('succeeded');
    expect(await alicePage.getByTestId(`run-node-${output}`).textContent()).toContain(
      'tides, approved by Bob',
    );
  }, 120_000);
});
