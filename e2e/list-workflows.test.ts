// The workflow list: create, rename, duplicate, archive/restore, delete, search; import a file (picker
// and drag-and-drop) and export it back equal. Two browser contexts see each other's changes.
import { readFile } from 'node:fs/promises';
import {
  edgeId,
  normalizeGraph,
  parseWorkflowFile,
  toWorkflowFile,
  type WorkflowGraph,
} from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, listedNames, rowAction, shot, startHarness, waitForListed } from './offline-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

// Nodes carry their keys (workflow schema 2), so the file round-trips exactly.
const pipeline: WorkflowGraph = normalizeGraph({
  name: 'Imported pipeline',
  nodes: [
    {
      id: 'topic',
      type: 'input',
      position: { x: 0, y: 0 },
      data: { key: 'topic', label: 'Topic', value: 'CRDTs' },
    },
    {
      id: 'research',
      type: 'agent',
      position: { x: 320, y: 0 },
      data: {
        key: 'research',
        label: 'Researcher',
        systemPrompt: 'Find sources.\nQuote them “exactly”.',
        temperature: 0.3,
      },
    },
    { id: 'report', type: 'output', position: { x: 640, y: 0 }, data: { key: 'report', label: 'Report' } },
  ],
  edges: [
    {
      id: edgeId({ source: 'topic', target: 'research' }),
      source: 'topic',
      target: 'research',
      sourceHandle: 'out',
      targetHandle: 'in',
    },
    {
      id: edgeId({ source: 'research', target: 'report' }),
      source: 'research',
      target: 'report',
      sourceHandle: 'out',
      targetHandle: 'in',
    },
  ],
});

async function openList(page: Page): Promise<void> {
  await page.goto(h.stack.url);
  await page.getByTestId('list-page').waitFor();
}

async function notice(page: Page, text: string): Promise<void> {
  await page.getByTestId('list-notice').getByText(text).waitFor();
}

describe('workflow list', () => {
  it('imports a file from the picker and by drop, and exports it back equal', async () => {
    const page = await h.newPage();
    await openList(page);
    await page.getByTestId('workflow-list-empty').waitFor();
    // A new user's empty list leads to the templates.
    expect(await page.getByTestId('empty-browse-templates').getAttribute('href')).toBe(
      '/w/default/templates',
    );
    await shot(page, 'list-00-empty');
    const file = toWorkflowFile(pipeline, Date.UTC(2026, 10, 20));

    await page.getByTestId('import-input').setInputFiles({
      name: 'imported-pipeline.synapse.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file, null, 2)),
    });
    await notice(page, 'Imported “Imported pipeline”.');
    await waitForListed(page, 'Imported pipeline');
    // Its card carries the graph's size and picture from the index, and says it has not run.
    const card = page.getByTestId('workflow-row').filter({ hasText: 'Imported pipeline' });
    expect(await card.getByTestId('workflow-node-count').textContent()).toContain('3 nodes');
    expect(await card.locator('.graph-preview__node').count()).toBe(3);
    expect(await card.getByTestId('workflow-last-run').textContent()).toBe('Not run yet');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rowAction(page, 'Imported pipeline', 'export'),
    ]);
    expect(download.suggestedFilename()).toBe('imported-pipeline.synapse.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(exported).toMatchObject({ format: 'synapse.workflow', version: 1 });
    expect(parseWorkflowFile(exported)).toEqual({ ok: true, graph: file.workflow, subworkflows: {} });
    expect(exported.workflow).toEqual(file.workflow);

    // Drag-and-drop of a bare graph (no envelope) onto the list imports it too.
    const bare = JSON.stringify({ ...pipeline, name: 'Dropped graph' });
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      const target = document.querySelector('[data-testid="workflow-list"]');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target?.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    }, bare);
    await waitForListed(page, 'Dropped graph');

    // A file from a newer Synapse is refused with a reason, and nothing is created.
    await page.getByTestId('import-input').setInputFiles({
      name: 'future.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, version: 7 })),
    });
    await notice(page, 'newer version of Synapse');
    expect(await listedNames(page)).toHaveLength(2);

    // The imported graph opens in the editor.
    await page.getByTestId('workflow-link').filter({ hasText: 'Imported pipeline' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
  });

  it('creates, renames, duplicates, archives, restores, searches and deletes — seen by a second browser', async () => {
    const a = await h.newPage();
    const b = await h.newPage();
    await openList(a);
    await openList(b);
    await waitForListed(a, 'Imported pipeline');

    // Create: "New workflow" opens the editor; back on the list the new row is there.
    await a.getByTestId('new-workflow').click();
    await a.waitForURL(/\/w\/default\/[A-Za-z0-9_-]+$/);
    await a.goBack();
    await waitForListed(a, 'Untitled workflow');
    await waitForListed(b, 'Untitled workflow');

    // Rename with the keyboard: open the row menu, pick Rename, type, Enter.
    const untitled = a.getByTestId('workflow-row').filter({ hasText: 'Untitled workflow' });
    await untitled.getByTestId('row-menu-button').focus();
    await a.keyboard.press('Enter');
    await a.getByRole('menuitem', { name: 'Rename' }).waitFor();
    expect(await a.evaluate(() => document.activeElement?.textContent)).toBe('Rename');
    await a.keyboard.press('Enter');
    await a.getByTestId('rename-input').fill('Weekly digest');
    await a.keyboard.press('Enter');
    await waitForListed(a, 'Weekly digest');
    await waitForListed(b, 'Weekly digest');

    // Duplicate copies the graph into a new workflow document.
    await rowAction(a, 'Imported pipeline', 'duplicate');
    await notice(a, 'Duplicated as “Imported pipeline (copy)”.');
    await waitForListed(b, 'Imported pipeline (copy)');

    // Search by name (case- and accent-insensitive).
    await a.getByTestId('workflow-search').fill('PIPELINE');
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="workflow-row"]').length === 2);
    await a.getByTestId('workflow-search').fill('copy');
    await a.waitForFunction(() => document.querySelectorAll('[data-testid="workflow-row"]').length === 1);
    await a.getByTestId('workflow-search').fill('no such thing');
    await a.getByTestId('workflow-list-none').waitFor();
    await a.getByTestId('workflow-search').fill('');

    // Archive hides it behind the Archived filter, for everyone; Restore brings it back.
    await rowAction(a, 'Weekly digest', 'archive');
    await waitForListed(a, 'Weekly digest', false);
    await waitForListed(b, 'Weekly digest', false);
    await a.getByTestId('filter-archived').click();
    await waitForListed(a, 'Weekly digest');
    expect(await listedNames(a)).toEqual(['Weekly digest']);
    await shot(a, 'list-archived');
    await rowAction(a, 'Weekly digest', 'restore');
    await a.getByTestId('filter-active').click();
    await waitForListed(a, 'Weekly digest');
    await waitForListed(b, 'Weekly digest');

    // Delete asks first; Cancel keeps it, Delete removes it for everyone.
    await rowAction(a, 'Dropped graph', 'delete');
    await a.getByTestId('delete-dialog').waitFor();
    await a.keyboard.press('Escape');
    await a.getByTestId('delete-dialog').waitFor({ state: 'detached' });
    await waitForListed(a, 'Dropped graph');
    await rowAction(a, 'Dropped graph', 'delete');
    await shot(a, 'list-delete-confirm');
    await a.getByTestId('confirm-delete').click();
    await waitForListed(a, 'Dropped graph', false);
    await waitForListed(b, 'Dropped graph', false);

    // The duplicate holds the whole graph, and the rename reached the editor too.
    await b.getByTestId('workflow-link').filter({ hasText: 'Imported pipeline (copy)' }).click();
    await b.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);
    expect(await b.locator('.react-flow__edge').count()).toBe(2);
    await b.goBack();
    await b.getByTestId('workflow-link').filter({ hasText: 'Weekly digest' }).click();
    await b.waitForFunction(
      () =>
        (document.querySelector('[data-testid="workflow-name-input"]') as HTMLInputElement | null)?.value ===
        'Weekly digest',
    );
  });

  it('looks right in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await h.newPage({ colorScheme });
      await openList(page);
      await waitForListed(page, 'Weekly digest');
      await shot(page, `list-${colorScheme}`);
      // Keyboard focus is visible: tab to the first card's link.
      await page.getByTestId('workflow-link').first().focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'workflow-link',
      );
      await shot(page, `list-focus-${colorScheme}`);
      await page.getByTestId('row-menu-button').first().click();
      await shot(page, `list-menu-${colorScheme}`);
    }
    const phone = await h.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openList(phone);
    await waitForListed(phone, 'Weekly digest');
    await shot(phone, 'list-phone');
  });
});
