// Per-person undo, copy/paste across workflows through the system clipboard, duplicate, and
// auto-layout that animates, syncs and is undone in one step.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorHarness,
  nodePositions,
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

async function clickEmptyCanvas(page: Page): Promise<void> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas');
  await page.mouse.click(pane.x + pane.width - 60, pane.y + 60);
}

/** Positions once the layout animation has finished (two reads 250 ms apart agree). */
async function stablePositions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  let previous = await nodePositions(page);
  for (;;) {
    await page.waitForTimeout(250);
    const next = await nodePositions(page);
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
}

async function labels(page: Page): Promise<string[]> {
  const all = await page.locator('[data-testid^="node-label-"]').allTextContents();
  return all.sort();
}

describe('editing', () => {
  it('undoes only your own change, never a collaborator’s', async () => {
    let drafter = '';
    const workflowId = await h.seedWorkflow(h.ada, 'Undo is personal', (doc) => {
      drafter = addNode(
        doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Drafter' } },
        USER_ORIGIN,
      );
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 1);
    await openWorkflow(b, url, 1);
    await selectNode(a, drafter);
    await selectNode(b, drafter);

    await a.getByTestId('node-label-input').fill('Drafter v2');
    await waitForText(b, `node-label-${drafter}`, 'Drafter v2');
    await b.getByTestId('system-prompt-input').fill('Bob’s careful prompt.');
    await waitForValue(a, 'system-prompt-input', 'Bob’s careful prompt.');

    await clickEmptyCanvas(a);
    await a.keyboard.press('Control+z');
    for (const page of [a, b]) await waitForText(page, `node-label-${drafter}`, 'Drafter');
    await waitForValue(b, 'system-prompt-input', 'Bob’s careful prompt.');
    await waitForValue(b, 'node-label-input', 'Drafter');

    // Redo brings Ada's change back; Bob's undo stack never had Ada's edit in it.
    await a.keyboard.press('Control+Shift+z');
    await waitForText(b, `node-label-${drafter}`, 'Drafter v2');
    expect(await b.getByTestId('undo-button').isDisabled()).toBe(false);
    await clickEmptyCanvas(b);
    await b.keyboard.press('Control+z');
    await selectNode(a, drafter);
    await waitForValue(a, 'system-prompt-input', '');
    await waitForText(a, `node-label-${drafter}`, 'Drafter v2');
  });

  it('copies nodes with their connection into another workflow, and duplicates them', async () => {
    const ids = { researcher: '', writer: '' };
    const source = await h.seedWorkflow(h.ada, 'Copy from here', (doc) => {
      ids.researcher = addNode(
        doc,
        {
          type: 'agent',
          position: { x: 0, y: 0 },
          data: { label: 'Researcher', systemPrompt: 'Find facts.' },
        },
        USER_ORIGIN,
      );
      ids.writer = addNode(
        doc,
        { type: 'agent', position: { x: 360, y: 0 }, data: { label: 'Writer' } },
        USER_ORIGIN,
      );
      const critic = addNode(
        doc,
        { type: 'agent', position: { x: 720, y: 0 }, data: { label: 'Critic' } },
        USER_ORIGIN,
      );
      connect(doc, { source: ids.researcher, target: ids.writer }, USER_ORIGIN);
      connect(doc, { source: ids.writer, target: critic }, USER_ORIGIN);
    });
    const target = await h.seedWorkflow(h.ada, 'Paste into here');
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(source), 3);

    // Shift-click builds a multi-selection; the edge to the unselected Critic is not copied.
    await a.locator(`[data-testid="node-label-${ids.researcher}"]`).click();
    await a.locator(`[data-testid="node-label-${ids.writer}"]`).click({ modifiers: ['Shift'] });
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node.selected').length === 2);
    await a.keyboard.press('Control+c');

    await openWorkflow(a, h.workflowUrl(target), 0);
    await clickEmptyCanvas(a);
    await a.keyboard.press('Control+v');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 1);
    expect(await labels(a)).toEqual(['Researcher', 'Writer']);
    const pasted = await a
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    expect(pasted).not.toContain(ids.researcher);
    expect(pasted).not.toContain(ids.writer);

    // The paste is selected: Ctrl+D duplicates it, connection included.
    await a.keyboard.press('Control+d');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 4);
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);
    await waitForText(a, 'sync-status', 'Saved');

    // Bob, in another browser, sees the pasted prompt too: it travelled in the document.
    const b = await h.newPage(h.bob);
    await openWorkflow(b, h.workflowUrl(target), 4);
    const researcherCopy = await b
      .locator('.react-flow__node', { hasText: 'Researcher' })
      .last()
      .getAttribute('data-id');
    await selectNode(b, researcherCopy ?? '');
    await waitForValue(b, 'system-prompt-input', 'Find facts.');
    await shot(a, 'editor-pasted-and-duplicated');
  });

  it('auto-layouts left to right, syncs the result, and one undo restores the old layout', async () => {
    const ids: string[] = [];
    const workflowId = await h.seedWorkflow(h.ada, 'Messy graph', (doc) => {
      const spots = [
        { x: 600, y: 300 },
        { x: 0, y: 0 },
        { x: 300, y: 420 },
        { x: -200, y: 200 },
      ];
      for (const [i, position] of spots.entries()) {
        ids.push(addNode(doc, { type: 'agent', position, data: { label: `Step ${i + 1}` } }, USER_ORIGIN));
      }
      for (let i = 0; i < 3; i++) connect(doc, { source: ids[i]!, target: ids[i + 1]! }, USER_ORIGIN);
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 4);
    await openWorkflow(b, url, 4);
    const before = await nodePositions(a);

    await a.getByTestId('auto-layout-button').click();
    const leftToRight = (order: string[]) =>
      a.waitForFunction((list) => {
        const xs = list.map((id) => {
          const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null;
          return Number(/translate\(([-\d.]+)px/.exec(el?.style.transform ?? '')?.[1] ?? Number.NaN);
        });
        return xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0) + 200);
      }, order);
    await leftToRight(ids);
    const after = await stablePositions(a);
    await waitForText(a, 'sync-status', 'Saved');
    expect(after).not.toEqual(before);
    await b.waitForFunction(
      (expected) =>
        Object.entries(expected).every(([id, p]) => {
          const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null;
          return el?.style.transform.includes(`translate(${p.x}px, ${p.y}px)`);
        }),
      after,
    );
    await shot(a, 'editor-auto-layout');

    await a.keyboard.press('Control+z');
    for (const page of [a, b]) {
      await page.waitForFunction(
        (expected) =>
          Object.entries(expected).every(([id, p]) => {
            const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null;
            return el?.style.transform.includes(`translate(${p.x}px, ${p.y}px)`);
          }),
        before,
      );
    }
  });
});
