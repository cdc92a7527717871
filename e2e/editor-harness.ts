// Shared by e2e/editor-*.test.ts: the whole stack, Chromium, two signed-in people (Ada owns the
// workspace, Bob is an invited editor), each page in its own browser context (its own IndexedDB
// replica), workflows seeded through the sync protocol, screenshots into test-artifacts/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { initWorkflowDoc, newId, USER_ORIGIN, workflowDocName } from '@synapse/schema';
import { createTestUsers, type Stack, type StackOptions, startStack, type TestUser } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import * as Y from 'yjs';

export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST =
  process.env.SYNAPSE_E2E_WEB_DIST ?? fileURLToPath(new URL('../apps/web/dist/', import.meta.url));

export interface EditorHarness {
  stack: Stack;
  ada: TestUser;
  bob: TestUser;
  /** A page signed in as `user`, in a fresh browser context; browser errors are collected. */
  newPage(user: TestUser, options?: Parameters<Browser['newContext']>[0]): Promise<Page>;
  /** Browser errors (uncaught exceptions and console errors) a page has seen so far. */
  errorsOf(page: Page): string[];
  /** Creates a workflow as `user` through the sync protocol; `build` adds its content. */
  seedWorkflow(user: TestUser, name: string, build?: (doc: Y.Doc) => void): Promise<string>;
  workflowUrl(workflowId: string): string;
  close(): Promise<void>;
}

/** `stackOptions`: extra options for the stack (a test seam such as the job queue's clock). */
export async function startEditorHarness(stackOptions: StackOptions = {}): Promise<EditorHarness> {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error('apps/web/dist is missing: run `npm run build -w @synapse/web`');
  }
  await mkdir(ARTIFACTS, { recursive: true });
  const stack = await startStack({ webDist: WEB_DIST, ...stackOptions });
  const users = createTestUsers(stack.url);
  const ada = await users.signUp({ name: 'Ada Lovelace' });
  const bob = await users.signUp({
    name: 'Bob Hopper',
    inviteToken: await users.invite(ada, 'default', 'editor'),
  });
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
  const errors = new Map<Page, string[]>();

  return {
    stack,
    ada,
    bob,
    async newPage(user, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
      contexts.push(context);
      const [name, value] = user.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: stack.url }]);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const seen: string[] = [];
      errors.set(page, seen);
      page.on('pageerror', (error) => {
        seen.push(error.message);
        console.error(`[browser] ${error.message}`);
      });
      page.on('console', (message) => {
        // A 404 for an optional route (GET /api/providers before it exists) is expected, not a bug.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          seen.push(message.text());
        }
      });
      return page;
    },
    errorsOf: (page) => errors.get(page) ?? [],
    async seedWorkflow(user, name, build) {
      const workflowId = newId();
      const doc = new Y.Doc();
      initWorkflowDoc(doc, { name }, USER_ORIGIN);
      build?.(doc);
      await upload(stack, user, workflowId, doc);
      return workflowId;
    },
    workflowUrl: (workflowId) => `${stack.url}/w/default/${workflowId}`,
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** Writes a document through the sync protocol as `user`, as another client would, and waits for the ack. */
async function upload(stack: Stack, user: TestUser, workflowId: string, doc: Y.Doc): Promise<void> {
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: workflowDocName('default', workflowId),
    document: doc,
    token: () => user.syncToken(),
  });
  provider.attach();
  try {
    await new Promise<void>((resolve) => {
      const check = () => {
        if (provider.isSynced && provider.unsyncedChanges === 0) resolve();
      };
      provider.on('synced', check);
      provider.on('unsyncedChanges', check);
    });
  } finally {
    provider.destroy();
    socket.destroy();
  }
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

/** Waits until a form control shows `expected`. */
export async function waitForValue(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, text]) =>
      (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | HTMLTextAreaElement | null)
        ?.value === text,
    [testId, expected] as const,
  );
}

/** Opens the workflow and waits until the nodes are drawn and the document is synced. */
export async function openWorkflow(page: Page, url: string, nodeCount: number): Promise<void> {
  await page.goto(url);
  await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, nodeCount);
  await waitForText(page, 'sync-status', 'Saved');
}

/** Clicks a node's label, which selects it and opens its settings. */
export async function selectNode(page: Page, nodeId: string): Promise<void> {
  await page.locator(`[data-testid="node-label-${nodeId}"]`).click();
  // Until the selection re-renders the panel, it still shows the previous node: a fill would land there.
  await page.locator(`[data-testid="node-inspector"][data-node-id="${nodeId}"]`).waitFor();
}

/** Node positions as drawn (flow coordinates, from React Flow's transform). */
export async function nodePositions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  return page.locator('.react-flow__node').evaluateAll((els) => {
    const out: Record<string, { x: number; y: number }> = {};
    for (const el of els) {
      const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec((el as HTMLElement).style.transform);
      const id = el.getAttribute('data-id');
      if (match && id) out[id] = { x: Number(match[1]), y: Number(match[2]) };
    }
    return out;
  });
}
