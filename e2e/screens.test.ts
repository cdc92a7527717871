// Every main screen, signed in as a real user against the whole stack: the Memory and Tools pages' loading,
// empty and error states; a workflow card's last run when newer runs of other workflows fill the history;
// then each screen in light and dark (the operating system's scheme, theme left on "System") into
// test-artifacts/screens-{light,dark}-*.png, and the README's images into docs/images/.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRunsRepo, createVersionRepo } from '@synapse/db';
import { type FakeMcpServer, startFakeMcpServer } from '@synapse/testkit/fakes';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type EditorHarness, startEditorHarness, waitForText } from './editor-harness';

const README_IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url));
/** The README's pictures: a laptop's window, small files. */
const VIEWPORT = { width: 1280, height: 800 };
/** More than the 200 newest runs the list once read. */
const NEWER_RUNS = 205;

let h: EditorHarness;
let mcp: FakeMcpServer;

beforeAll(async () => {
  [h, mcp] = await Promise.all([startEditorHarness(), startFakeMcpServer()]);
  await mkdir(README_IMAGES, { recursive: true });
});

afterAll(async () => {
  await h?.close();
  await mcp?.close();
});

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await h.ada.request(`/api/workspaces/default${path}`, init);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function useTemplate(template: string, name: string): Promise<string> {
  return (await api<{ workflowId: string }>(`/templates/${template}/use`, { body: { name } })).workflowId;
}

const DAY_MS = 86_400_000;

/**
 * `count` finished runs of `workflowId`, `stepMs` apart from `from`, written straight to the database (a
 * history of days is not made by clicking Run).
 */
async function seedRuns(workflowId: string, count: number, from: number, stepMs: number): Promise<void> {
  const sql = h.stack.server.database.sql;
  const versionId = `${workflowId}-seeded`;
  await createVersionRepo(sql).create({
    id: versionId,
    workspaceId: 'default',
    workflowId,
    state: new Uint8Array([0]),
    graph: {},
    reason: 'run',
    createdBy: h.ada.id,
    createdAt: from,
  });
  const runs = createRunsRepo(sql);
  for (let i = 0; i < count; i++) {
    const id = `${workflowId}-${String(i).padStart(3, '0')}`;
    const at = from + i * stepMs;
    await runs.create({
      id,
      workspaceId: 'default',
      workflowId,
      versionId,
      requestedBy: i % 3 ? h.ada.id : h.bob.id,
      inputs: {},
      createdAt: at,
    });
    await runs.update(id, {
      status: i % 7 === 3 ? 'failed' : 'succeeded',
      startedAt: at + 50,
      finishedAt: at + 1_500 + (i % 10) * 120,
      inputTokens: 200 + (i % 5) * 40,
      outputTokens: 400 + (i % 4) * 60,
    });
  }
}

/** Requests to `pattern` wait until `release()` is called, so a page's loading state can be seen. */
async function holdRequests(page: Page, pattern: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

describe('the Memory and Tools pages', () => {
  it('show loading, then an empty state that says what to do', async () => {
    const page = await h.newPage(h.ada);
    const release = await holdRequests(page, '**/api/workspaces/default/memory*');
    await page.goto(`${h.stack.url}/w/default/memory`);
    await page.getByRole('status').getByText('Loading memory…').waitFor();
    release();
    await page.getByTestId('memory-empty').getByText('Nothing remembered yet').waitFor();
    await page.getByTestId('memory-search').fill('orion');
    await page.getByTestId('memory-empty').getByText('No entry matches.').waitFor();

    await page.goto(`${h.stack.url}/w/default/tools`);
    for (const empty of ['mcp-empty', 'web-search-empty', 'published-tools-empty', 'api-tokens-empty']) {
      await page.getByTestId(empty).waitFor();
    }
    expect(h.errorsOf(page)).toEqual([]);
  });

  it('show an error with a retry when the server cannot be reached, and recover', async () => {
    const page = await h.newPage(h.ada);
    await page.route('**/api/workspaces/default/memory*', (route) => route.abort('internetdisconnected'));
    await page.goto(`${h.stack.url}/w/default/memory`);
    const memoryError = page.getByTestId('memory-error');
    await memoryError.waitFor();
    expect(await memoryError.getAttribute('role')).toBe('alert');
    expect(await memoryError.textContent()).toContain('Could not load the memory');
    await page.unroute('**/api/workspaces/default/memory*');
    await page.getByTestId('memory-error-retry').click();
    await page.getByTestId('memory-empty').waitFor();
    expect(await memoryError.count()).toBe(0);

    await page.route('**/api/workspaces/default/mcp-servers', (route) => route.abort('internetdisconnected'));
    await page.route('**/api/workspaces/default/api-tokens', (route) => route.abort('internetdisconnected'));
    await page.goto(`${h.stack.url}/w/default/tools`);
    await page.getByTestId('mcp-load-error').waitFor();
    await page.getByTestId('api-tokens-load-error').waitFor();
    // The other sections still work.
    await page.getByTestId('published-tools-empty').waitFor();
    await page.unroute('**/api/workspaces/default/mcp-servers');
    await page.getByTestId('mcp-load-error-retry').click();
    await page.getByTestId('mcp-empty').waitFor();
    await page.getByTestId('api-tokens-load-error').waitFor();
    await page.unroute('**/api/workspaces/default/api-tokens');
    await page.getByTestId('api-tokens-load-error-retry').click();
    await page.getByTestId('api-tokens-empty').waitFor();
  });
});

let briefId = '';
let runId = '';

describe('a workflow card', () => {
  it('shows its last run even when more than 200 newer runs of another workflow came after it', async () => {
    briefId = await useTemplate('research-write-critique-edit', 'Weekly research brief');
    const digestId = await useTemplate('meeting-notes-summarizer', 'Meeting notes digest');
    const now = Date.now();
    await seedRuns(briefId, 1, now - 3 * DAY_MS, 0);
    // Every ten minutes for a day and a half: all newer than the brief's run.
    await seedRuns(digestId, NEWER_RUNS, now - 2 * DAY_MS, 10 * 60_000);
    const newest = await api<{ runs: { workflowId: string }[] }>('/runs?limit=200');
    expect(newest.runs.some((run) => run.workflowId === briefId)).toBe(false);

    const page = await h.newPage(h.ada);
    await page.goto(`${h.stack.url}/w/default`);
    const card = page.locator(`[data-testid="workflow-row"][data-workflow-id="${briefId}"]`);
    await card.getByTestId('workflow-last-run').getByText('succeeded').waitFor();
    const digest = page.locator(`[data-testid="workflow-row"][data-workflow-id="${digestId}"]`);
    expect(await digest.getByTestId('workflow-last-run').textContent()).not.toBe('Not run yet');
  });
});

interface Screen {
  name: string;
  path: () => string;
  /** Waits until the screen shows its content. */
  ready(page: Page): Promise<void>;
  /** Also a README image (light theme). */
  readme?: boolean;
}

const SCREENS: Screen[] = [
  {
    name: 'list',
    path: () => '/w/default',
    readme: true,
    async ready(page) {
      await page
        .locator(`[data-testid="workflow-row"][data-workflow-id="${briefId}"]`)
        .getByTestId('workflow-last-run')
        .getByText('succeeded')
        .waitFor();
      await waitForText(page, 'sync-status', 'Saved');
    },
  },
  {
    name: 'templates',
    path: () => '/w/default/templates',
    async ready(page) {
      await page.getByTestId('template-research-write-critique-edit').waitFor();
    },
  },
  {
    name: 'editor-run',
    path: () => `/w/default/${briefId}`,
    readme: true,
    async ready(page) {
      await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6);
      await waitForText(page, 'sync-status', 'Saved');
      await page.getByTestId('run-button').click();
      // The template declares inputs: Run opens the run form with their defaults.
      await page.getByTestId('run-form-submit').click();
      await waitForText(page, 'run-status', 'succeeded');
      runId = (await page.getByTestId('run-id').getAttribute('title')) ?? '';
    },
  },
  {
    name: 'run',
    path: () => `/w/default/history/${runId}`,
    readme: true,
    async ready(page) {
      await page.getByTestId('run-graph').waitFor();
      await waitForText(page, 'run-status', 'succeeded');
    },
  },
  {
    name: 'history',
    path: () => '/w/default/history',
    readme: true,
    async ready(page) {
      await page.getByTestId('history-row').nth(49).waitFor();
    },
  },
  {
    name: 'analytics',
    path: () => '/w/default/analytics',
    readme: true,
    async ready(page) {
      await page.getByTestId('analytics-stats').waitFor();
      await page.getByTestId('chart-runs').waitFor();
    },
  },
  {
    name: 'health',
    path: () => '/w/default/health',
    async ready(page) {
      await page.getByTestId('health-status').waitFor();
    },
  },
  {
    name: 'memory',
    path: () => '/w/default/memory',
    readme: true,
    async ready(page) {
      await page.getByTestId('memory-list').waitFor();
    },
  },
  {
    name: 'tools',
    path: () => '/w/default/tools',
    readme: true,
    async ready(page) {
      await page.getByTestId('mcp-servers').waitFor();
      await page.getByTestId('published-tools').waitFor();
      await page.getByTestId('api-tokens').waitFor();
      await page.getByTestId('web-search-keys').waitFor();
    },
  },
  {
    name: 'settings-keys',
    path: () => '/w/default/settings/keys',
    readme: true,
    async ready(page) {
      await page.getByTestId('keys-table').waitFor();
      // Settings has the workspace's pages in its header like every other workspace screen.
      await page.getByTestId('nav-history').waitFor();
    },
  },
  {
    name: 'settings-members',
    path: () => '/w/default/settings/members',
    async ready(page) {
      await page.getByText('Bob Hopper').first().waitFor();
    },
  },
];

describe('every main screen, light and dark', () => {
  beforeAll(async () => {
    for (const content of [
      'Our refund window is 30 days from delivery.',
      'The Orion launch moved to Porto, 14 March.',
      'Weekly briefs go to the #research channel every Friday.',
    ]) {
      await api('/memory', { body: { content } });
    }
    await api('/mcp-servers', {
      body: { transport: 'http', name: 'Calculator', url: mcp.url, headerValue: 'Bearer demo-secret' },
    });
    await api(`/workflows/${briefId}/mcp-tool`, {
      method: 'PUT',
      body: { toolName: 'research_brief', description: 'Researches a topic and writes a short brief' },
    });
    await api('/api-tokens', { body: { name: 'Claude Desktop' } });
    await api('/keys', { body: { provider: 'openai', apiKey: 'sk-demo-0123456789abcdef', label: 'Team' } });
    await api('/keys', { body: { provider: 'tavily', apiKey: 'tvly-demo-0123456789', label: 'Tavily' } });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: each screen draws its content, without a browser error`, async () => {
      const page = await h.newPage(h.ada, { viewport: VIEWPORT, colorScheme: scheme });
      for (const [i, screen] of SCREENS.entries()) {
        await page.goto(`${h.stack.url}${screen.path()}`);
        await screen.ready(page);
        const name = `${String(i + 1).padStart(2, '0')}-${screen.name}`;
        await page.screenshot({ path: `${ARTIFACTS}screens-${scheme}-${name}.png`, animations: 'disabled' });
        if (screen.readme && scheme === 'light') {
          await page.screenshot({ path: `${README_IMAGES}${screen.name}.png`, animations: 'disabled' });
        }
        if (screen.name === 'editor-run' && scheme === 'dark') {
          await page.screenshot({ path: `${README_IMAGES}editor-run-dark.png`, animations: 'disabled' });
        }
      }
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(scheme === 'light' ? 'rgb(246, 247, 249)' : 'rgb(15, 17, 21)');
      expect(h.errorsOf(page)).toEqual([]);
    });
  }
});
