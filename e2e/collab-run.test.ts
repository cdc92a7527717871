// Two people, one workflow, one run: page A builds a graph, page B (a separate browser context, so a
// separate IndexedDB replica) co-edits it, A runs it, and both watch the same run stream to the end.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { addNode, connect, initWorkflowDoc, newId, removeNode, USER_ORIGIN } from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { centre, connectNodes, drag, nodeIds } from './canvasGestures';
import { uploadWorkflow } from './uploadWorkflow';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

async function waitForText(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text,
    [testId, expected] as const,
  );
}

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}index.html`)) {
    throw new Error(
      'apps/web/dist is missing: run `npm run build -w @synapse/web` (or `npm run test:browser`)',
    );
  }
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack({ webDist: WEB_DIST });
  browser = await chromium.launch({
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
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('collaborative editing and a shared live run', () => {
  it('two browsers co-edit a workflow and watch the same run finish', async () => {
    // A: create a workflow from the (empty) list.
    const a = await newPage();
    await a.goto(stack.url);
    await a.getByTestId('workflow-list-empty').waitFor();
    await shot(a, '01-list-empty');
    await a.getByTestId('new-workflow').click();
    await a.waitForURL(/\/w\/default\/[A-Za-z0-9_-]+$/);
    const workflowUrl = a.url();
    await a.getByTestId('canvas-empty').waitFor();
    await shot(a, '02-editor-empty');

    // A: two agents, named and prompted; the second is added beside the first (connected) and dragged.
    await a.getByTestId('add-agent').click();
    await a.locator('.react-flow__node').first().waitFor();
    const [researcher] = await nodeIds(a);
    if (!researcher) throw new Error('first node missing');
    // A new node is selected; its panel shows once the selection has re-rendered.
    await a.locator(`[data-testid="node-inspector"][data-node-id="${researcher}"]`).waitFor();
    await a.getByTestId('node-label-input').fill('Researcher');
    await a.getByTestId('system-prompt-input').click();
    await a.getByTestId('system-prompt-input').pressSequentially('You are a meticulous researcher.');

    await a.getByTestId('add-agent').click();
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    const writer = (await nodeIds(a)).find((id) => id !== researcher);
    if (!writer) throw new Error('second node missing');
    await a.locator(`[data-testid="node-inspector"][data-node-id="${writer}"]`).waitFor();
    // Typing into the middle of the name checks that the doc-bound input keeps its caret.
    const label = a.getByTestId('node-label-input');
    await label.fill('Wrter');
    for (let i = 0; i < 3; i++) await label.press('ArrowLeft');
    await label.pressSequentially('i');
    expect(await label.inputValue()).toBe('Writer');
    const writerBox = await centre(a, `[data-testid="node-label-${writer}"]`);
    await drag(a, writerBox, { x: writerBox.x + 40, y: writerBox.y + 160 });
    // Added while the researcher was selected, so the palette already connected it from there.
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 1);
    await waitForText(a, `node-label-${researcher}`, 'Researcher');
    await shot(a, '03-editor-graph');

    // B: a second replica opens the same URL and sees A's labels, prompt, edge and drag-end position.
    const b = await newPage();
    await b.goto(workflowUrl);
    await waitForText(b, `node-label-${researcher}`, 'Researcher');
    await waitForText(b, `node-label-${writer}`, 'Writer');
    await b.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 1);
    await b.locator(`[data-testid="node-label-${researcher}"]`).click();
    await b.waitForFunction(
      () =>
        (document.querySelector('[data-testid="system-prompt-input"]') as HTMLTextAreaElement | null)
          ?.value === 'You are a meticulous researcher.',
    );
    const bResearcher = await b.locator(`.react-flow__node[data-id="${researcher}"]`).boundingBox();
    const bWriter = await b.locator(`.react-flow__node[data-id="${writer}"]`).boundingBox();
    if (!bResearcher || !bWriter) throw new Error('nodes not rendered on B');
    // The drag-end position reached B: the writer sits right of (placement) and below (drag) the researcher.
    expect(bWriter.x - bResearcher.x).toBeGreaterThan(150);
    expect(bWriter.y - bResearcher.y).toBeGreaterThan(80);

    // B renames the writer; A sees it live.
    await b.locator(`[data-testid="node-label-${writer}"]`).click();
    // The panel still shows the researcher until the selection re-renders it: wait, or the fill lands there.
    await b.locator(`[data-testid="node-inspector"][data-node-id="${writer}"]`).waitFor();
    await b.getByTestId('node-label-input').fill('Writer (edited by B)');
    await waitForText(a, `node-label-${writer}`, 'Writer (edited by B)');

    // A runs once everything is durable; both pages follow meta.lastRunId to the same run document.
    await waitForText(a, 'sync-status', 'Saved');
    await a.getByTestId('run-button').click();
    await a.getByTestId('run-status').waitFor();
    await shot(a, '04-run-started');
    for (const page of [a, b]) {
      for (const id of [researcher, writer]) await waitForText(page, `node-status-${id}`, 'succeeded');
      await waitForText(page, 'run-status', 'succeeded');
    }
    for (const id of [researcher, writer]) {
      const onA = await a.getByTestId(`node-output-${id}`).textContent();
      const onB = await b.getByTestId(`node-output-${id}`).textContent();
      expect(onA?.length ?? 0).toBeGreaterThan(0);
      expect(onB).toBe(onA);
    }
    await shot(a, '05-run-succeeded-a');
    await shot(b, '06-run-succeeded-b');

    // Connecting back from Writer to Researcher would close a cycle: refused with a visible reason.
    await connectNodes(a, writer, researcher);
    await a.getByTestId('editor-notice').waitFor();
    expect(await a.locator('.react-flow__edge').count()).toBe(1);
    await shot(a, '07-cycle-refused');

    // The list shows the workflow; and the editor is readable on a phone and in dark mode.
    await b.goto(stack.url);
    await b.getByTestId('workflow-list').waitFor();
    await shot(b, '08-list');
    const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(workflowUrl);
    await waitForText(phone, `node-status-${writer}`, 'succeeded');
    await shot(phone, '09-phone-editor');
    await phone.screenshot({ path: `${ARTIFACTS}10-phone-editor-full.png`, fullPage: true });
    const dark = await newPage({ colorScheme: 'dark' });
    await dark.goto(workflowUrl);
    await waitForText(dark, `node-status-${writer}`, 'succeeded');
    await dark.locator(`[data-testid="node-label-${researcher}"]`).click();
    await shot(dark, '11-dark-editor');
  });

  it('shows a merged cycle in red, drops the dangling edge, and disables Run', async () => {
    // Two replicas edit offline: one connects Drafter → Reviewer → Fact checker, the other connects
    // Reviewer → Drafter and deletes Fact checker. Each edit was valid; the merge is a cycle plus a
    // dangling edge, which no CRDT can prevent — every reader must derive the same valid view.
    const base = new Y.Doc();
    initWorkflowDoc(base, { name: 'Merged offline edits' }, USER_ORIGIN);
    const drafter = addNode(
      base,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Drafter' } },
      USER_ORIGIN,
    );
    const reviewer = addNode(
      base,
      { type: 'agent', position: { x: 340, y: 0 }, data: { label: 'Reviewer' } },
      USER_ORIGIN,
    );
    const checker = addNode(
      base,
      { type: 'agent', position: { x: 680, y: 0 }, data: { label: 'Fact checker' } },
      USER_ORIGIN,
    );
    const one = fork(base);
    const two = fork(base);
    expect(connect(one, { source: drafter, target: reviewer }, USER_ORIGIN).ok).toBe(true);
    expect(connect(one, { source: reviewer, target: checker }, USER_ORIGIN).ok).toBe(true);
    expect(connect(two, { source: reviewer, target: drafter }, USER_ORIGIN).ok).toBe(true);
    removeNode(two, checker, USER_ORIGIN);
    const merged = fork(base);
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(one));
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(two));
    const workflowId = newId();
    await uploadWorkflow(stack, workflowId, merged);

    const page = await newPage();
    await page.goto(`${stack.url}/w/default/${workflowId}`);
    const banner = page.getByTestId('cycle-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Run is disabled');
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    expect(await page.locator('.react-flow__edge.edge--cycle').count()).toBe(2);
    await shot(page, '12-cycle-banner');

    // Deleting one cycle edge (select it, press Delete) makes the graph runnable again.
    const from = await centre(page, `.react-flow__node[data-id="${drafter}"] .react-flow__handle.source`);
    const to = await centre(page, `.react-flow__node[data-id="${reviewer}"] .react-flow__handle.target`);
    await page.mouse.click((from.x + to.x) / 2, (from.y + to.y) / 2);
    // An SVG group around a horizontal path has no height, so Playwright calls it hidden: wait for it attached.
    await page.locator('.react-flow__edge.selected').waitFor({ state: 'attached' });
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 1);
    await banner.waitFor({ state: 'detached' });
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="run-button"]') as HTMLButtonElement | null)?.disabled,
    );
  });

  it('shows clear error states for a missing workflow and a refused workspace', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/w/default/${newId()}`);
    await page.getByText('Workflow not found').waitFor();
    await shot(page, '13-workflow-not-found');

    await page.goto(`${stack.url}/w/not-my-workspace/${newId()}`);
    await page.getByText('The server refused this workflow').waitFor();
    await shot(page, '14-sync-refused');
  });
});
