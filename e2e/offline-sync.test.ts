// Offline, for real: the service worker serves the app with the network off, edits persist in
// IndexedDB across an offline reload, and everything converges with another person's concurrent
// edits on reconnect. A workflow created offline reaches the other browser's list.
import { addNode, initWorkflowDoc, newId, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Harness,
  rowAction,
  shot,
  startHarness,
  waitForListed,
  waitForServiceWorker,
  waitForText,
} from './offline-harness';
import { uploadWorkflow } from './uploadWorkflow';

let h: Harness;
/** The name /api/me gives the development session every page here runs as. */
const ACCOUNT_NAME = 'Developer';

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function labels(page: Page): Promise<string[]> {
  return (await page.locator('.react-flow__node [data-testid^="node-label-"]').allTextContents()).sort();
}

async function waitForLabels(page: Page, expected: string[]): Promise<void> {
  const want = [...expected].sort();
  await page.waitForFunction(
    (w) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid^="node-label-"]')].map((el) => el.textContent).sort(),
      ) === JSON.stringify(w),
    want,
  );
}

async function relabel(page: Page, nodeId: string, label: string): Promise<void> {
  await page.locator(`[data-testid="node-label-${nodeId}"]`).click();
  await page.getByTestId('node-label-input').fill(label);
  await waitForText(page, `node-label-${nodeId}`, label);
}

async function networkReachable(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch('/api/health', { cache: 'no-store' }).then(
      () => true,
      () => false,
    ),
  );
}

describe('offline', () => {
  it('edits offline, reloads offline from the service worker, and converges on reconnect', async () => {
    const seed = new Y.Doc();
    initWorkflowDoc(seed, { name: 'Offline trip' }, USER_ORIGIN);
    const researcher = addNode(
      seed,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Researcher' } },
      USER_ORIGIN,
    );
    const writer = addNode(
      seed,
      { type: 'agent', position: { x: 360, y: 0 }, data: { label: 'Writer' } },
      USER_ORIGIN,
    );
    const workflowId = newId();
    await uploadWorkflow(h.stack, workflowId, seed);
    const url = `${h.stack.url}/w/default/${workflowId}`;

    const a = await h.newPage();
    const b = await h.newPage();
    for (const page of [a, b]) {
      await page.goto(url);
      await waitForLabels(page, ['Researcher', 'Writer']);
      await waitForText(page, 'sync-status', 'Saved');
    }
    await waitForServiceWorker(a);

    // A loses the network and edits: a relabel and a new agent.
    await a.context().setOffline(true);
    await waitForText(a, 'sync-status', 'Offline');
    await relabel(a, researcher, 'Researcher (A, offline)');
    await a.getByTestId('add-agent').click();
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);

    // Meanwhile B, online, edits another node.
    await relabel(b, writer, 'Writer (B, online)');
    await waitForText(b, 'sync-status', 'Saved');

    // A reloads with no network: the service worker serves the app, IndexedDB holds the edits.
    const response = await a.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await networkReachable(a)).toBe(false);
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);
    await waitForText(a, `node-label-${researcher}`, 'Researcher (A, offline)');
    await waitForText(a, `node-label-${writer}`, 'Writer');
    await waitForText(a, 'sync-status', 'Offline');
    // Presence still goes by the account's name (the session is cached), not a random friendly one.
    expect(await a.getByTestId('presence-self').getAttribute('title')).toBe(`${ACCOUNT_NAME} (you)`);
    await shot(a, 'offline-editor-after-reload');

    // Back online: both converge on both edits and the new node.
    await a.context().setOffline(false);
    await waitForText(a, `node-label-${writer}`, 'Writer (B, online)');
    await waitForText(b, `node-label-${researcher}`, 'Researcher (A, offline)');
    await b.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);
    await waitForText(a, 'sync-status', 'Saved');
    expect(await labels(a)).toEqual(await labels(b));
    // After reconnecting, the other browser sees A under the account's name too.
    await b.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid="presence-avatar"]')].some(
          (el) => el.getAttribute('title') === name,
        ),
      ACCOUNT_NAME,
    );
    expect(await a.getByTestId('presence-self').getAttribute('title')).toBe(`${ACCOUNT_NAME} (you)`);
  });

  it('shows a workflow created offline in the other browser once it syncs', async () => {
    const a = await h.newPage();
    const b = await h.newPage();
    for (const page of [a, b]) {
      await page.goto(h.stack.url);
      await page.getByTestId('list-page').waitFor();
      await waitForText(page, 'sync-status', 'Saved');
    }
    await waitForServiceWorker(a);

    await a.context().setOffline(true);
    await a.getByTestId('offline-banner').waitFor();
    await a.getByTestId('new-workflow').click();
    await a.waitForURL(/\/w\/default\/[A-Za-z0-9_-]+$/);
    const workflowUrl = a.url();
    await a.getByTestId('canvas-empty').waitFor();
    await a.getByTestId('add-agent').click();
    await a.locator('.react-flow__node').first().waitFor();
    await a.goBack();
    await waitForListed(a, 'Untitled workflow');
    await rowAction(a, 'Untitled workflow', 'rename');
    await a.getByTestId('rename-input').fill('Drafted on a plane');
    await a.getByTestId('rename-input').press('Enter');
    await waitForListed(a, 'Drafted on a plane');
    await waitForText(a, 'sync-status', 'Offline');
    await shot(a, 'offline-list');

    // Nothing reached B yet; once A is back online, its list shows the workflow, and it opens with the
    // node A added — the workflow document was uploaded although A no longer has it open.
    await waitForListed(b, 'Drafted on a plane', false);
    await a.context().setOffline(false);
    await waitForListed(b, 'Drafted on a plane');
    await b.getByTestId('workflow-link').filter({ hasText: 'Drafted on a plane' }).click();
    expect(b.url()).toBe(workflowUrl);
    await b.locator('.react-flow__node').first().waitFor();
    await b.waitForFunction(
      () =>
        (document.querySelector('[data-testid="workflow-name-input"]') as HTMLInputElement | null)?.value ===
        'Drafted on a plane',
    );
    await waitForText(a, 'sync-status', 'Saved');
  });
});
