// Accounts in the browser: the first person signs up and owns the install, invites a second as a viewer,
// the viewer watches edits arrive live but can change nothing, keys and audit pages work, a canary key
// never reaches the browser's storage, and signing out ends the session.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  addNode,
  createWorkflowEntry,
  indexDocName,
  initWorkflowDoc,
  setNodeField,
  USER_ORIGIN,
  workflowDocName,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type FakeLlm, startFakeOpenAI } from '@synapse/testkit/fakes';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openDoc } from '../test/integration/support/openDoc';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));
const CANARY = `sk-canary-${randomUUID().replaceAll('-', '')}`;

let stack: Stack;
let fake: FakeLlm;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(stack.url)).find((c) => c.name === 'synapse_session');
  if (!cookie) throw new Error('no session cookie in the browser');
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Lax');
  return `synapse_session=${cookie.value}`;
}

async function syncToken(cookie: string): Promise<string> {
  const response = await fetch(`${stack.url}/api/sync-token`, { method: 'POST', headers: { cookie } });
  if (!response.ok) throw new Error(`sync token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Everything this browser keeps: every IndexedDB record (bytes as text), local and session storage, the DOM. */
async function browserStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const serialize = (value: unknown) =>
      JSON.stringify(value, (_key, v) => {
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v instanceof Uint8Array ? v : null;
        return bytes ? Array.from(bytes, (b) => String.fromCharCode(b)).join('') : v;
      });
    const out: string[] = [
      serialize({ ...localStorage }),
      serialize({ ...sessionStorage }),
      document.documentElement.outerHTML,
    ];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const records = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve([]);
        });
        out.push(`${name}/${store}: ${serialize(records)}`);
      }
      db.close();
    }
    return out.join('\n');
  });
}

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}index.html`)) {
    throw new Error(
      'apps/web/dist is missing: run `npm run build -w @synapse/web` (or `npm run test:browser`)',
    );
  }
  await mkdir(ARTIFACTS, { recursive: true });
  fake = await startFakeOpenAI({ apiKey: CANARY, tokenDelayMs: 0 });
  stack = await startStack({ webDist: WEB_DIST, devAuth: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await fake?.close();
});

describe('accounts, roles and keys in the browser', () => {
  it('signs up the owner, invites a viewer who sees edits live but changes nothing', async () => {
    // A fresh install asks for its first account.
    const owner = await newPage();
    await owner.goto(stack.url);
    await owner.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    await shot(owner, 'security-01-first-account');
    await owner.getByLabel('Your name').fill('Olive Owner');
    await owner.getByLabel('Email').fill('olive@example.test');
    await owner.getByLabel('Password').fill('a long enough password');
    await owner.getByTestId('auth-submit').click();
    await owner.getByTestId('workflow-list-empty').waitFor();
    await owner.getByTestId('account-menu').waitFor();
    const ownerCookie = await sessionCookie(owner);

    // A workflow, written through the sync protocol with the owner's session.
    const index = openDoc(stack.syncUrl, indexDocName('default'), () => syncToken(ownerCookie));
    const flow = openDoc(stack.syncUrl, workflowDocName('default', 'shared'), () => syncToken(ownerCookie));
    await Promise.all([index.synced(), flow.synced()]);
    initWorkflowDoc(flow.doc, { name: 'Shared research' }, USER_ORIGIN);
    const node = addNode(
      flow.doc,
      { type: 'agent', position: { x: 80, y: 80 }, data: { label: 'Researcher' } },
      USER_ORIGIN,
    );
    createWorkflowEntry(index.doc, 'shared', { name: 'Shared research', createdAt: Date.now() }, USER_ORIGIN);
    await eventually(
      () => flow.provider.unsyncedChanges === 0 && index.provider.unsyncedChanges === 0,
      'saved',
    );

    // Members page: invite a viewer.
    await owner.goto(`${stack.url}/w/default/settings/members`);
    await owner.getByTestId('members-table').waitFor();
    await owner.getByTestId('invite-role').selectOption('viewer');
    await owner.getByTestId('invite-create').click();
    const inviteLink = await owner.getByTestId('invite-link').inputValue();
    expect(inviteLink).toMatch(/\/invite\/[\w-]{40,}$/);
    await shot(owner, 'security-02-members');

    // Keys page: add the canary key (bound to the fake provider) and test it.
    await owner.getByTestId('settings-tab-keys').click();
    await owner.getByTestId('keys-empty').waitFor();
    await owner.getByTestId('key-label').fill('Team OpenAI');
    await owner.getByTestId('key-base-url').fill(fake.baseURL);
    await owner.getByTestId('key-secret').fill(CANARY);
    await owner.getByTestId('key-weight').fill('2');
    await owner.getByTestId('key-save').click();
    await owner.getByTestId('keys-table').waitFor();
    // The weight (the key's share of its provider's calls) is listed with the key, and editable in place.
    const weightCell = owner.locator('[data-testid^="key-weight-"]').first();
    expect(await weightCell.inputValue()).toBe('2');
    await weightCell.fill('5');
    await weightCell.blur();
    await owner.getByTestId('keys-notice').getByText('now has weight 5').waitFor();
    expect(await owner.getByTestId('key-secret').inputValue()).toBe('');
    await owner.getByRole('button', { name: 'Test Team OpenAI' }).click();
    await owner.getByTestId('keys-notice').getByText('The provider accepted the key').waitFor();
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
    await shot(owner, 'security-03-keys');

    // The viewer opens the invite link and signs up.
    const viewer = await newPage();
    await viewer.goto(inviteLink);
    await viewer.getByRole('heading', { name: 'Join “Default workspace”' }).waitFor();
    await shot(viewer, 'security-04-invite');
    await viewer.getByLabel('Your name').fill('Vic Viewer');
    await viewer.getByLabel('Email').fill('vic@example.test');
    await viewer.getByLabel('Password').fill('another long password');
    await viewer.getByTestId('auth-submit').click();
    await viewer.getByTestId('workflow-list').waitFor();
    const viewerCookie = await sessionCookie(viewer);

    // Both open the workflow; the viewer is read-only and sees the owner's edits live.
    await viewer.goto(`${stack.url}/w/default/shared`);
    await viewer.getByTestId(`node-label-${node}`).getByText('Researcher').waitFor();
    await viewer.getByText('Read-only').first().waitFor();
    setNodeField(flow.doc, node, 'label', 'Researcher (edited live)', USER_ORIGIN);
    await viewer.getByTestId(`node-label-${node}`).getByText('Researcher (edited live)').waitFor();
    await shot(viewer, 'security-05-viewer-live');

    // The viewer's interface offers no way to change it…
    await viewer.getByTestId(`node-label-${node}`).click();
    const labelInput = viewer.getByTestId('node-label-input');
    if ((await labelInput.count()) > 0) expect(await labelInput.isEditable()).toBe(false);
    await viewer.keyboard.press('Delete');
    // …and the server refuses what a viewer's session sends anyway.
    const sneaky = openDoc(stack.syncUrl, workflowDocName('default', 'shared'), () =>
      syncToken(viewerCookie),
    );
    expect(await sneaky.outcome).toEqual({ kind: 'readonly' });
    await sneaky.synced();
    sneaky.doc.getMap('nodes').delete(node);
    sneaky.doc.getMap('meta').set('name', 'Vandalised');
    await new Promise((r) => setTimeout(r, 500));
    expect(flow.doc.getMap('nodes').has(node)).toBe(true);
    expect(flow.doc.getMap('meta').get('name')).toBe('Shared research');
    sneaky.destroy();
    // Viewers cannot add keys or read the audit log either.
    expect(
      (
        await fetch(`${stack.url}/api/workspaces/default/keys`, {
          method: 'POST',
          headers: { cookie: viewerCookie, 'content-type': 'application/json' },
          body: JSON.stringify({ provider: 'openai', apiKey: 'sk-from-a-viewer-123' }),
        })
      ).status,
    ).toBe(403);
    await viewer.goto(`${stack.url}/w/default/settings/keys`);
    await viewer.getByTestId('keys-readonly').waitFor();
    expect(await viewer.getByTestId('key-secret').count()).toBe(0);
    await viewer.goto(`${stack.url}/w/default/settings/audit`);
    await viewer.getByTestId('audit-forbidden').waitFor();

    // The owner sees the viewer among the members.
    await owner.goto(`${stack.url}/w/default/settings/members`);
    await owner.getByRole('cell', { name: 'Vic Viewer', exact: true }).waitFor();
    await shot(owner, 'security-02b-members-with-viewer');

    // The owner's audit log shows what happened, and filters.
    await owner.goto(`${stack.url}/w/default/settings/audit`);
    await owner.getByTestId('audit-table').waitFor();
    const kinds = await owner
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'auth.signed_up',
        'member.joined',
        'invite.created',
        'key.created',
        'key.used',
        'workflow.created',
      ]),
    );
    await shot(owner, 'security-06-audit');
    await owner.getByTestId('audit-kind').selectOption('key.');
    await owner.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) =>
        r.getAttribute('data-kind')?.startsWith('key.'),
      ),
    );
    // Export downloads the log with the current filter; the retention setting saves.
    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^synapse-audit-default-\w+\.csv$/);
    const exported = (await readFile(await download.path(), 'utf8')).trim().split('\r\n').slice(1);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.every((line) => line.split(',')[5]?.startsWith('key.'))).toBe(true);
    await owner.getByTestId('audit-retention').selectOption('90');
    await owner.getByText('Events older than 90 days').waitFor();

    // The canary key is nowhere in either browser's storage.
    for (const page of [owner, viewer]) {
      const stored = await browserStorage(page);
      expect(stored.length).toBeGreaterThan(100);
      expect(stored.includes(CANARY)).toBe(false);
    }

    // A third browser that is not signed in gets the sign-in page.
    const stranger = await newPage();
    await stranger.goto(`${stack.url}/w/default/shared`);
    await stranger.getByRole('heading', { name: 'Sign in' }).waitFor();
    await stranger.goto(`${stack.url}/login`);
    await stranger.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(stranger, 'security-07-login');

    // Signing out ends the session: back to sign-in, and the old cookie no longer works.
    await owner.getByTestId('account-menu').click();
    await owner.getByTestId('sign-out').click();
    await owner.waitForURL(/\/login$/);
    await owner.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await fetch(`${stack.url}/api/me`, { headers: { cookie: ownerCookie } })).status).toBe(401);

    index.destroy();
    flow.destroy();
  });
});
