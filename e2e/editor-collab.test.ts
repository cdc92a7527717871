// Two people on one workflow, in two browser contexts: concurrent edits of one node, typing in one
// prompt, a delete racing a connect, and connections that only form a cycle once merged.
import { addNode, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNodes } from './canvasGestures';
import {
  type EditorHarness,
  openWorkflow,
  selectNode,
  shot,
  startEditorHarness,
  waitForText,
  waitForValue,
} from './editor-harness';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

/** A workflow with two unconnected agents, side by side; returns its URL and the node ids. */
async function twoAgents(name: string) {
  const ids = { drafter: '', reviewer: '' };
  const workflowId = await h.seedWorkflow(h.ada, name, (doc) => {
    ids.drafter = addNode(
      doc,
      { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Drafter' } },
      USER_ORIGIN,
    );
    ids.reviewer = addNode(
      doc,
      { type: 'agent', position: { x: 420, y: 60 }, data: { label: 'Reviewer' } },
      USER_ORIGIN,
    );
  });
  return { url: h.workflowUrl(workflowId), ...ids };
}

async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

async function waitForEdges(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__edge').length === count, n);
}

describe('two people editing one workflow', () => {
  it('keeps both edits to different fields of one node, and merges typing in one prompt', async () => {
    const { url, drafter } = await twoAgents('Field-level merge');
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 2);
    await openWorkflow(b, url, 2);
    await selectNode(a, drafter);
    await selectNode(b, drafter);

    // Both edit while disconnected, so neither sees the other's edit before the merge.
    await a.context().setOffline(true);
    await b.context().setOffline(true);
    await a.getByTestId('temperature-input').fill('0.7');
    await a.getByTestId(`node-${drafter}-model-provider`).selectOption('openai');
    await b.getByTestId('max-tokens-input').fill('900');
    await b.getByTestId('node-label-input').fill('Drafter (renamed by Bob)');
    await a.context().setOffline(false);
    await b.context().setOffline(false);

    for (const page of [a, b]) {
      await waitForValue(page, 'temperature-input', '0.7');
      await waitForValue(page, 'max-tokens-input', '900');
      await waitForValue(page, 'node-label-input', 'Drafter (renamed by Bob)');
      await waitForValue(page, `node-${drafter}-model-provider`, 'openai');
      await waitForText(page, `node-label-${drafter}`, 'Drafter (renamed by Bob)');
    }

    // Now both type into the same system prompt at once, at its two ends.
    const promptA = a.getByTestId('system-prompt-input');
    const promptB = b.getByTestId('system-prompt-input');
    await promptA.fill('Write the draft.');
    await waitForValue(b, 'system-prompt-input', 'Write the draft.');
    await promptA.focus();
    await a.keyboard.press('Control+Home');
    await promptB.focus();
    await b.keyboard.press('Control+End');
    await Promise.all([
      promptA.pressSequentially('Ada: ', { delay: 25 }),
      promptB.pressSequentially(' Bob was here.', { delay: 25 }),
    ]);
    const merged = 'Ada: Write the draft. Bob was here.';
    await waitForValue(a, 'system-prompt-input', merged);
    await waitForValue(b, 'system-prompt-input', merged);
    await shot(a, 'editor-collab-config-panel');
    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b)).toEqual([]);
  });

  it('survives a node deleted while the other person connects to it: no dangling edge drawn, no error loop', async () => {
    const { url, drafter, reviewer } = await twoAgents('Delete meets connect');
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 2);
    await openWorkflow(b, url, 2);

    await b.context().setOffline(true);
    await connectNodes(b, drafter, reviewer);
    await waitForEdges(b, 1);
    await selectNode(a, reviewer);
    await a
      .locator('.react-flow__pane')
      .focus()
      .catch(() => undefined);
    await a.keyboard.press('Delete');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);
    await b.context().setOffline(false);

    for (const page of [a, b]) {
      await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);
      await page.getByTestId('dangling-banner').waitFor();
      expect(await edgeCount(page)).toBe(0);
      await page.getByTestId(`node-problems-${drafter}`).waitFor();
    }
    await shot(b, 'editor-dangling-edge');

    // No error loop: nothing new is logged while the merged state sits there.
    const before = [h.errorsOf(a).length, h.errorsOf(b).length];
    await a.waitForTimeout(1500);
    expect([h.errorsOf(a).length, h.errorsOf(b).length]).toEqual(before);
    expect(h.errorsOf(b).filter((e) => !e.includes('WebSocket') && !e.includes('net::'))).toEqual([]);

    // Either person may clear the dangling edge; it goes for both.
    await b.getByTestId('dangling-banner').getByRole('button').click();
    await a.getByTestId('dangling-banner').waitFor({ state: 'detached' });
    await b.getByTestId('dangling-banner').waitFor({ state: 'detached' });
  });

  it('shows a cycle formed by two concurrent connections and disables Run with the reason', async () => {
    const { url, drafter, reviewer } = await twoAgents('Concurrent cycle');
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 2);
    await openWorkflow(b, url, 2);

    await a.context().setOffline(true);
    await connectNodes(a, drafter, reviewer);
    await connectNodes(b, reviewer, drafter);
    await waitForEdges(a, 1);
    await waitForEdges(b, 1);
    await a.context().setOffline(false);

    for (const page of [a, b]) {
      await waitForEdges(page, 2);
      await page.waitForFunction(
        () => document.querySelectorAll('.react-flow__edge.edge--cycle').length === 2,
      );
      const banner = page.getByTestId('cycle-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Run is disabled');
      const run = page.getByTestId('run-button');
      expect(await run.isDisabled()).toBe(true);
      expect(await run.getAttribute('title')).toContain('cycle');
      expect(await page.getByTestId('cycle-edge-label').count()).toBe(2);
    }
    await shot(a, 'editor-concurrent-cycle');
  });
});
