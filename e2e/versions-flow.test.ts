// Versions, in two real browsers: Ada saves "v1" and keeps editing, Bob edits another node at the same
// time (offline, so the edit is truly concurrent with the restore), Ada compares v1 with now on the
// canvas and restores it. Bob's edit survives on both screens; one Ctrl+Z takes the whole restore back.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorHarness,
  openWorkflow,
  selectNode,
  shot,
  startEditorHarness,
  waitForText,
} from './editor-harness';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

async function waitForNodeCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (count) => document.querySelectorAll('.editor__canvas > .react-flow .react-flow__node').length === count,
    n,
  );
}

async function waitForNode(page: Page, id: string, present: boolean): Promise<void> {
  await page.waitForFunction(
    ([nodeId, want]) => (document.querySelector(`[data-testid="node-${nodeId}"]`) !== null) === want,
    [id, present] as const,
  );
}

async function openVersions(page: Page): Promise<void> {
  await page.getByTestId('versions-button').click();
  await page.getByTestId('versions-panel').waitFor();
}

async function closeVersions(page: Page): Promise<void> {
  await page.getByTestId('versions-close').click();
  await page.getByTestId('versions-panel').waitFor({ state: 'detached' });
}

describe('versions', () => {
  it('saves v1, compares it with the edited workflow on the canvas, restores it merge-friendly, and undoes the restore in one step', async () => {
    const ids = { researcher: '', writer: '', critic: '' };
    const workflowId = await h.seedWorkflow(h.ada, 'Versioned pipeline', (doc) => {
      ids.researcher = addNode(
        doc,
        {
          type: 'agent',
          position: { x: 0, y: 0 },
          data: { label: 'Researcher', systemPrompt: 'Find three facts.' },
        },
        USER_ORIGIN,
      );
      ids.writer = addNode(
        doc,
        { type: 'agent', position: { x: 320, y: 0 }, data: { label: 'Writer' } },
        USER_ORIGIN,
      );
      ids.critic = addNode(
        doc,
        { type: 'agent', position: { x: 640, y: 0 }, data: { label: 'Critic' } },
        USER_ORIGIN,
      );
      connect(doc, { source: ids.researcher, target: ids.writer }, USER_ORIGIN);
      connect(doc, { source: ids.writer, target: ids.critic }, USER_ORIGIN);
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 3);
    await openWorkflow(b, url, 3);

    // Ada saves "v1".
    await openVersions(a);
    await a.getByTestId('versions-empty').waitFor();
    await a.getByTestId('version-name-input').fill('v1');
    await a.getByTestId('save-version-button').click();
    await a.locator('[data-testid="version-row"][data-version-name="v1"]').waitFor();
    await waitForText(a, 'versions-status', 'Saved “v1”.');
    await shot(a, 'versions-panel');
    await closeVersions(a);

    // Ada keeps editing: renames the researcher and rewrites its prompt, deletes the critic, adds an agent.
    await selectNode(a, ids.researcher);
    await a.getByTestId('node-label-input').fill('Researcher (after v1)');
    await a.getByTestId('system-prompt-input').fill('Find ten facts and cite them.');
    await selectNode(a, ids.critic);
    await a
      .locator('.react-flow__pane')
      .focus()
      .catch(() => undefined);
    await a.keyboard.press('Delete');
    await waitForNode(a, ids.critic, false);
    const before = new Set(await nodeIds(a));
    await a.getByTestId('add-agent').click();
    await waitForNodeCount(a, 3);
    const added = (await nodeIds(a)).find((id) => !before.has(id)) as string;
    expect(added).toBeTruthy();
    await waitForText(a, 'sync-status', 'Saved');
    for (const page of [a, b])
      await waitForText(page, `node-label-${ids.researcher}`, 'Researcher (after v1)');

    // Bob renames the writer while offline: his edit is concurrent with the restore that follows.
    await b.context().setOffline(true);
    await selectNode(b, ids.writer);
    await b.getByTestId('node-label-input').fill('Writer (Bob’s edit)');
    await waitForText(b, `node-label-${ids.writer}`, 'Writer (Bob’s edit)');

    // Ada compares v1 with the workflow as it is now, on the canvas and in the list beside it.
    await openVersions(a);
    await a.locator('[data-testid="version-row"][data-version-name="v1"]').click();
    await a.getByTestId('version-diff-canvas').waitFor();
    const status = (id: string) => a.getByTestId(`diff-node-${id}`).getAttribute('data-status');
    await a.getByTestId(`diff-node-${added}`).waitFor();
    expect(await status(ids.researcher)).toBe('changed');
    expect(await status(ids.critic)).toBe('removed');
    expect(await status(added)).toBe('added');
    expect(await status(ids.writer)).toBe('same');
    await waitForText(a, `diff-node-fields-${ids.researcher}`, 'Name, System prompt');
    // The list says what each field was and became, not only which fields changed.
    expect(await a.getByTestId(`change-${ids.researcher}`).textContent()).toContain(
      'Name “Researcher” → “Researcher (after v1)”',
    );
    expect(await a.getByTestId(`change-${ids.researcher}`).textContent()).toContain(
      'System prompt “Find three facts.” → “Find ten facts and cite them.”',
    );
    expect(await a.getByTestId(`change-${ids.critic}`).textContent()).toContain('Removed');
    expect(await a.getByTestId(`change-${added}`).textContent()).toContain('Added');
    expect(await a.locator('.react-flow__edge.diff-edge--removed').count()).toBeGreaterThan(0);
    await shot(a, 'versions-diff');

    // The version alone, read-only.
    await a.getByTestId('versions-view-version').click();
    await a.getByTestId(`diff-node-${added}`).waitFor({ state: 'detached' });
    await waitForText(a, `diff-node-label-${ids.researcher}`, 'Researcher');
    await waitForText(a, `diff-node-label-${ids.critic}`, 'Critic');
    await a.getByTestId('versions-view-changes').click();

    // Restore: the live document now reads like v1, and the comparison with it is empty.
    await a.getByTestId('restore-version-button').click();
    await a.getByTestId('changes-empty').waitFor();
    expect(await a.getByTestId('versions-status').textContent()).toContain('Restored “v1”');
    await shot(a, 'versions-restored');
    await closeVersions(a);
    await waitForText(a, `node-label-${ids.researcher}`, 'Researcher');
    await waitForNode(a, ids.critic, true);
    await waitForNode(a, added, false);

    // Bob reconnects: his concurrent rename of the writer survives on both screens, next to the restore.
    await b.context().setOffline(false);
    for (const page of [a, b]) {
      await waitForText(page, `node-label-${ids.writer}`, 'Writer (Bob’s edit)');
      await waitForText(page, `node-label-${ids.researcher}`, 'Researcher');
      await waitForNode(page, ids.critic, true);
      await waitForNode(page, added, false);
      await waitForNodeCount(page, 3);
    }
    await waitForText(b, 'sync-status', 'Saved');
    await shot(b, 'versions-restored-bob');

    // One Ctrl+Z on Ada's side takes the whole restore back, for both of them, and keeps Bob's edit.
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.keyboard.press('Control+z');
    for (const page of [a, b]) {
      await waitForText(page, `node-label-${ids.researcher}`, 'Researcher (after v1)');
      await waitForNode(page, ids.critic, false);
      await waitForNode(page, added, true);
      await waitForText(page, `node-label-${ids.writer}`, 'Writer (Bob’s edit)');
    }
    await selectNode(a, ids.researcher);
    expect(await a.getByTestId('system-prompt-input').inputValue()).toBe('Find ten facts and cite them.');
    await shot(a, 'versions-undone');

    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b).filter((e) => !e.includes('WebSocket') && !e.includes('net::'))).toEqual([]);
  });
});
