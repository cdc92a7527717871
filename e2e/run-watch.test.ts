// One run, watched from several browsers: everyone reads the same run document, so everyone sees the
// same statuses, the same streamed text and the same totals — live, after the fact, and when cancelled.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  addNode,
  connect,
  initWorkflowDoc,
  newId,
  type RunSnapshot,
  readRun,
  runDocName,
  USER_ORIGIN,
} from '@synapse/schema';
import { type Stack, startStack } from '@synapse/testkit';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { uploadWorkflow } from './uploadWorkflow';

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));
// ~60 words per local-model reply at 80 ms each: every node streams for about 5 s, long enough to watch
// (and to cancel) while the whole four-node run still finishes in well under a minute.
const TOKEN_DELAY_MS = 80;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let webCopy = '';

/**
 * Other suites rebuild apps/web/dist while this one runs; a page opened after a rebuild would ask for
 * chunks that no longer exist. So the stack serves a private copy, taken when no build is half-written.
 */
async function snapshotWebDist(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'synapse-web-'));
    await cp(WEB_DIST, dir, { recursive: true });
    const assets = new Set(await readdir(join(dir, 'assets')));
    const sources = [await readFile(join(dir, 'index.html'), 'utf8')];
    for (const name of assets)
      if (name.endsWith('.js')) sources.push(await readFile(join(dir, 'assets', name), 'utf8'));
    const referenced = sources.flatMap((text) => text.match(/[\w.-]+-[\w-]{8}\.(?:js|css)\b/g) ?? []);
    if (referenced.length > 0 && referenced.every((name) => assets.has(name))) return dir;
    await rm(dir, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  throw new Error('apps/web/dist stayed inconsistent (a build kept running?)');
}

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    ...options,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[console] ${m.text()}`);
  });
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

async function textOf(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).textContent();
}

/** Reads a run document through the sync protocol, as any other client would. */
async function readRunDocument(runId: string): Promise<RunSnapshot> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: stack.syncUrl });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: runDocName('default', runId),
    document: doc,
    token: async () => {
      const res = await fetch(`${stack.url}/api/sync-token`, { method: 'POST' });
      if (!res.ok) throw new Error(`sync token refused: HTTP ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
  });
  provider.attach();
  try {
    // The provider retries a refused connection forever; a deadline turns that into a clear failure.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`run document ${runId} did not sync`)), 15_000);
      provider.on('synced', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const run = readRun(doc);
    if (!run) throw new Error(`run document ${runId} is empty`);
    return run;
  } finally {
    provider.destroy();
    socket.destroy();
  }
}

async function listRunIds(workflowId: string): Promise<string[]> {
  const res = await fetch(`${stack.url}/api/workspaces/default/workflows/${workflowId}/runs`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { runs: { id: string }[] }).runs.map((r) => r.id);
}

interface PanelState {
  runStatus: string | null;
  runId: string | null;
  stats: string | null;
  /** Nodes finished, as the progress bar reports it. */
  finished: string | null;
  nodes: Record<string, { status: string | null; canvasStatus: string | null; output: string | null }>;
}

/** What a page shows for the run: panel statuses and outputs, canvas badges, header totals. */
async function panelState(page: Page, nodeIds: readonly string[]): Promise<PanelState> {
  return page.evaluate((ids) => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
    return {
      runStatus: text('run-status'),
      runId: text('run-id'),
      stats: text('run-stats'),
      finished: document.querySelector('[data-testid="run-progress"]')?.getAttribute('aria-valuenow') ?? null,
      nodes: Object.fromEntries(
        ids.map((id) => [
          id,
          {
            status: text(`run-node-status-${id}`),
            canvasStatus: text(`node-status-${id}`),
            output: text(`node-output-${id}`),
          },
        ]),
      ),
    };
  }, nodeIds);
}

/** The panel must show exactly what the run document holds. */
function expectMatchesDocument(state: PanelState, run: RunSnapshot, nodeIds: readonly string[]): void {
  expect(state.runStatus).toBe(run.meta.status);
  expect(state.runId).toBe(run.meta.runId.slice(0, 8));
  for (const id of nodeIds) {
    const node = run.nodes[id];
    expect(node, `run document has node ${id}`).toBeDefined();
    expect(state.nodes[id]?.status).toBe(node?.status);
    expect(state.nodes[id]?.output).toBe(node?.output);
  }
  const { totals } = run.meta;
  expect(state.stats).toContain(`${totals.nodesSucceeded}/${nodeIds.length} succeeded`);
  const finished = nodeIds.filter((id) => !['queued', 'running'].includes(run.nodes[id]?.status ?? ''));
  expect(state.finished).toBe(String(finished.length));
  const tokens = totals.inputTokens + totals.outputTokens;
  if (tokens > 0) expect(state.stats).toContain(`${tokens.toLocaleString('en-US')} tokens`);
}

/**
 * Records, in the page, every distinct (status, output length) each run-node card goes through, so the
 * test can tell streamed text (many growing lengths while running) from text that arrived at once.
 */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: Record<string, { status: string; length: number }[]> = {};
    (window as unknown as { __runLog: typeof log }).__runLog = log;
    const sample = () => {
      for (const card of document.querySelectorAll<HTMLElement>('[data-testid^="run-node-"]')) {
        const id = card.dataset.testid?.replace(/^run-node-/, '') ?? '';
        if (id.startsWith('status-')) continue;
        const status = card.querySelector(`[data-testid="run-node-status-${id}"]`)?.textContent ?? '';
        const length = card.querySelector(`[data-testid="node-output-${id}"]`)?.textContent?.length ?? 0;
        const entries = log[id] ?? [];
        log[id] = entries;
        const last = entries[entries.length - 1];
        if (!last || last.status !== status || last.length !== length) entries.push({ status, length });
      }
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

async function progressLog(page: Page): Promise<Record<string, { status: string; length: number }[]>> {
  return page.evaluate(
    () => (window as unknown as { __runLog: Record<string, { status: string; length: number }[]> }).__runLog,
  );
}

function expectStreamed(log: Record<string, { status: string; length: number }[]>, id: string): void {
  const entries = log[id] ?? [];
  const statuses = entries.map((e) => e.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
  expect(statuses.slice(-2), `${id} went running → succeeded`).toEqual(['running', 'succeeded']);
  const whileRunning = entries.filter((e) => e.status === 'running' && e.length > 0).map((e) => e.length);
  // Streaming means the text grew in several steps while the node ran, never shrinking.
  expect(whileRunning.length, `${id} grew in several steps`).toBeGreaterThanOrEqual(5);
  for (let i = 1; i < whileRunning.length; i++)
    expect(whileRunning[i] as number).toBeGreaterThan(whileRunning[i - 1] as number);
}

/** Waits until some node on the page is running and has streamed at least `chars` characters. */
async function waitForStreaming(page: Page, ids: readonly string[], chars: number): Promise<void> {
  await page.waitForFunction(
    ([nodeIds, min]) =>
      nodeIds.some(
        (id) =>
          document.querySelector(`[data-testid="run-node-status-${id}"]`)?.textContent === 'running' &&
          (document.querySelector(`[data-testid="node-output-${id}"]`)?.textContent?.length ?? 0) >= min,
      ),
    [ids, chars] as const,
  );
}

// A diamond: one researcher fans out to two reviewers working in parallel, an editor joins them.
const workflowId = newId();
const ids = { researcher: '', critic: '', checker: '', editor: '' };
const order = () => [ids.researcher, ids.critic, ids.checker, ids.editor];
let workflowUrl = '';
let a: Page;
let b: Page;
let firstRunId = '';

beforeAll(async () => {
  if (!existsSync(`${WEB_DIST}index.html`)) {
    throw new Error(
      'apps/web/dist is missing: run `npm run build -w @synapse/web` (or `npm run test:browser`)',
    );
  }
  await mkdir(ARTIFACTS, { recursive: true });
  webCopy = await snapshotWebDist();
  stack = await startStack({ webDist: webCopy, tokenDelayMs: TOKEN_DELAY_MS });
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

  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name: 'Launch brief review' }, USER_ORIGIN);
  const agent = (label: string, x: number, y: number, systemPrompt: string, userPrompt?: string) =>
    addNode(
      doc,
      {
        type: 'agent',
        position: { x, y },
        data: { label, systemPrompt, ...(userPrompt ? { userPrompt } : {}) },
      },
      USER_ORIGIN,
    );
  ids.researcher = agent(
    'Researcher',
    0,
    120,
    'You are a meticulous researcher.',
    // An unbreakable 80-character run checks that long words wrap instead of widening the panel.
    'Summarise https://example.com/reports/2025/launch-readiness-assessment-final-v3-appendix-b.pdf',
  );
  ids.critic = agent(
    'Critic with a rather long name that must not overflow',
    340,
    0,
    'You are a sharp critic.',
  );
  ids.checker = agent('Fact checker', 340, 240, 'You are a careful fact checker.');
  ids.editor = agent('Editor', 680, 120, 'You are a concise editor.', '{{input}}');
  for (const [source, target] of [
    [ids.researcher, ids.critic],
    [ids.researcher, ids.checker],
    [ids.critic, ids.editor],
    [ids.checker, ids.editor],
  ] as const) {
    expect(connect(doc, { source, target }, USER_ORIGIN).ok).toBe(true);
  }
  await uploadWorkflow(stack, workflowId, doc);
  workflowUrl = `${stack.url}/w/default/${workflowId}`;
});

// A failed step leaves a picture of every open page behind, which says more than a timeout.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const pages = contexts.flatMap((context) => context.pages());
  await Promise.all(
    pages.map((page, i) => shot(page, `run-failed-${task.name.slice(0, 24).replace(/\W+/g, '-')}-${i}`)),
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  if (webCopy) await rm(webCopy, { recursive: true, force: true });
});

describe('a run watched from several browsers', () => {
  it('streams the same run to two browsers and ends with identical outputs and totals', async () => {
    a = await newPage();
    b = await newPage();
    for (const page of [a, b]) {
      await page.goto(workflowUrl);
      await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 4);
      await recordProgress(page);
    }
    await waitForText(a, 'sync-status', 'Saved');

    await a.getByTestId('run-button').click();
    // Both pages follow meta.lastRunId to the run and watch the researcher stream.
    for (const page of [a, b]) {
      await waitForText(page, 'run-status', 'running');
      await waitForStreaming(page, order(), 80);
    }
    // The header counts nodes as they finish, not only once the run has ended.
    await a.waitForFunction(
      () =>
        document.querySelector('[data-testid="run-status"]')?.textContent === 'running' &&
        /^1\/4 succeeded · 2 running$/.test(
          document.querySelector('[data-testid="run-nodes"]')?.textContent ?? '',
        ),
    );
    await shot(a, 'run-01-mid-run-a');
    await shot(b, 'run-02-mid-run-b');

    for (const page of [a, b]) {
      await waitForText(page, 'run-status', 'succeeded');
      for (const id of order()) await waitForText(page, `node-status-${id}`, 'succeeded');
    }
    const runIds = await listRunIds(workflowId);
    expect(runIds).toHaveLength(1);
    firstRunId = runIds[0] as string;
    const run = await readRunDocument(firstRunId);
    expect(run.meta.status).toBe('succeeded');
    expect(run.meta.totals.nodesSucceeded).toBe(4);

    const onA = await panelState(a, order());
    const onB = await panelState(b, order());
    expect(onB).toEqual(onA);
    expectMatchesDocument(onA, run, order());
    for (const id of order()) {
      expect(onA.nodes[id]?.canvasStatus).toBe('succeeded');
      expect((onA.nodes[id]?.output ?? '').length).toBeGreaterThan(100);
    }
    // The editor ran after both reviewers: its resolved input holds their outputs.
    expect(run.nodes[ids.editor]?.input).toContain(run.nodes[ids.critic]?.output.slice(0, 40));
    expect(await textOf(a, `node-input-${ids.editor}`)).toBe(run.nodes[ids.editor]?.input);

    // Every node streamed on both pages, going running → succeeded in visible steps.
    for (const page of [a, b]) {
      const log = await progressLog(page);
      for (const id of order()) expectStreamed(log, id);
    }
    await shot(a, 'run-03-finished-a');
    await shot(b, 'run-04-finished-b');

    // Details (resolved input, attempts) open per node.
    await a.getByTestId(`run-node-${ids.editor}`).locator('summary').click();
    await a.getByTestId(`node-attempts-${ids.editor}`).waitFor();
    await a.getByTestId(`run-node-${ids.editor}`).scrollIntoViewIfNeeded();
    await shot(a, 'run-05-details-expanded');
  });

  it('shows a browser that opens the workflow afterwards the full final state', async () => {
    const late = await newPage({ colorScheme: 'dark' });
    await late.goto(workflowUrl);
    await waitForText(late, 'run-status', 'succeeded');
    for (const id of order()) await waitForText(late, `node-status-${id}`, 'succeeded');
    const run = await readRunDocument(firstRunId);
    const state = await panelState(late, order());
    expectMatchesDocument(state, run, order());
    expect(state).toEqual(await panelState(a, order()));
    await shot(late, 'run-06-late-joiner-dark');
    await late.getByTestId(`run-node-${ids.researcher}`).locator('summary').click();
    await late.getByTestId(`node-input-${ids.researcher}`).waitFor();
    await shot(late, 'run-07-late-joiner-dark-details');
  });

  it('cancels mid-run from either browser and both see the rest cancelled', async () => {
    await a.getByTestId('run-button').click();
    for (const page of [a, b]) {
      await page.waitForFunction((previous) => {
        const id = document.querySelector('[data-testid="run-id"]')?.textContent;
        return id && !previous.startsWith(id);
      }, firstRunId);
    }
    // B did not start the run, and may still stop it — as soon as it sees text streaming.
    await waitForStreaming(b, order(), 20);
    await b.getByTestId('cancel-run').click();
    for (const page of [a, b]) {
      await waitForText(page, 'run-status', 'cancelled');
      await page.getByTestId('cancel-run').waitFor({ state: 'detached' });
      expect(await textOf(page, 'run-notice')).toMatch(/^Cancelled after /);
    }
    const runIds = await listRunIds(workflowId);
    expect(runIds).toHaveLength(2);
    expect(runIds[1]).toBe(firstRunId);
    const run = await readRunDocument(runIds[0] as string);
    expect(run.meta.status).toBe('cancelled');
    expect(run.meta.cancelRequestedAt).toBeDefined();
    // Whatever had not succeeded when the cancel landed ends cancelled — nothing is left queued or
    // running — and the node that was streaming keeps the partial text it had written.
    const statuses = order().map((id) => run.nodes[id]?.status);
    expect(statuses.every((s) => s === 'succeeded' || s === 'cancelled')).toBe(true);
    expect(run.nodes[ids.editor]?.status).toBe('cancelled');
    const partial = order().filter((id) => run.nodes[id]?.status === 'cancelled' && run.nodes[id]?.output);
    expect(partial.length).toBeGreaterThan(0);

    for (const page of [a, b]) {
      for (const id of order())
        await waitForText(page, `node-status-${id}`, run.nodes[id]?.status ?? 'missing');
    }
    const onA = await panelState(a, order());
    expect(await panelState(b, order())).toEqual(onA);
    expectMatchesDocument(onA, run, order());
    await shot(a, 'run-08-cancelled-a');
    await shot(b, 'run-09-cancelled-b');
  });

  it('switches to an older run through the history picker and back to the latest', async () => {
    const [latestId, olderId] = await listRunIds(workflowId);
    if (!latestId || !olderId) throw new Error('expected two runs');
    const picker = b.getByTestId('run-history');
    await picker.waitFor();
    // The picker's list reflects the cancelled run's final status, not the one it had when it started.
    await b.waitForFunction(
      (id) =>
        (
          document.querySelector(
            `[data-testid="run-history"] option[value="${id}"]`,
          ) as HTMLOptionElement | null
        )?.textContent?.includes('cancelled'),
      latestId,
    );

    await picker.selectOption(olderId);
    await waitForText(b, 'run-id', olderId.slice(0, 8));
    await waitForText(b, 'run-status', 'succeeded');
    const older = await readRunDocument(olderId);
    expectMatchesDocument(await panelState(b, order()), older, order());
    await shot(b, 'run-10-history-older');

    // Back to the latest, once through the notice's button and once through the picker itself.
    await b.getByTestId('run-show-latest').click();
    await waitForText(b, 'run-id', latestId.slice(0, 8));
    expect(await picker.inputValue()).toBe('');
    await b.getByTestId('run-older-notice').waitFor({ state: 'detached' });
    await picker.selectOption(olderId);
    await waitForText(b, 'run-id', olderId.slice(0, 8));
    await picker.selectOption('');
    await waitForText(b, 'run-id', latestId.slice(0, 8));
    await waitForText(b, 'run-status', 'cancelled');
    expectMatchesDocument(await panelState(b, order()), await readRunDocument(latestId), order());
  });

  it('names the failed node in the header and on every node skipped below it', async () => {
    const doc = new Y.Doc();
    initWorkflowDoc(doc, { name: 'Failing chain' }, USER_ORIGIN);
    const agent = (label: string, x: number, data: Record<string, unknown> = {}) =>
      addNode(doc, { type: 'agent', position: { x, y: 0 }, data: { label, ...data } }, USER_ORIGIN);
    // No OpenAI key is stored in this workspace: the drafter fails, the two nodes below it are skipped.
    const drafter = agent('Drafter', 0, { provider: 'openai', model: 'gpt-4o-mini' });
    const reviewer = agent('Reviewer', 340);
    const publisher = agent('Publisher', 680);
    expect(connect(doc, { source: drafter, target: reviewer }, USER_ORIGIN).ok).toBe(true);
    expect(connect(doc, { source: reviewer, target: publisher }, USER_ORIGIN).ok).toBe(true);
    const failingId = newId();
    await uploadWorkflow(stack, failingId, doc);
    const page = await newPage();
    await page.goto(`${stack.url}/w/default/${failingId}`);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);
    await waitForText(page, 'sync-status', 'Saved');
    await page.getByTestId('run-button').click();
    await waitForText(page, 'run-status', 'failed');
    await waitForText(page, 'run-nodes', '0/3 succeeded · 2 skipped · 1 failed: Drafter');
    for (const id of [reviewer, publisher]) {
      const error = await page.getByTestId(`run-node-${id}`).locator('.run-node__error').textContent();
      expect(error).toBe('skipped: Drafter failedsynapse.run.upstream_failed');
    }
    await shot(page, 'run-11-failed-chain');
  });
});
