// A Map node's per-item progress in the shared run view: the items fill in while the run goes (some done,
// some still queued), a second member watching the same run sees the same items, and the node's output is
// the JSON array of the answers in list order. The built-in local model answers, a few ms per token.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, selectNode, shot, startEditorHarness, waitForText } from './editor-harness';

const ITEMS = Array.from({ length: 12 }, (_, i) => `topic ${i}`);

let h: EditorHarness;
let ada: Page;
let bob: Page;

beforeAll(async () => {
  h = await startEditorHarness();
  ada = await h.newPage(h.ada);
  bob = await h.newPage(h.bob);
});

afterAll(async () => {
  await h?.close();
});

/** Item statuses as the run panel shows them, in item order. */
const itemStatuses = (page: Page, nodeId: string) =>
  page
    .getByTestId(`map-items-${nodeId}`)
    .locator('.run-map__item')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));

describe('Map node in the run view', () => {
  it('shows each item’s progress live, to every watcher, and collects the answers in order', async () => {
    let map = '';
    const workflowId = await h.seedWorkflow(h.ada, 'Map progress', (doc) => {
      const input = addNode(
        doc,
        { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Topics', value: ITEMS.join('\n') } },
        USER_ORIGIN,
      );
      map = addNode(
        doc,
        {
          type: 'map',
          position: { x: 320, y: 0 },
          data: {
            label: 'Each topic',
            listFormat: 'lines',
            userPrompt: 'Explain {{item}} (#{{index}})',
            concurrency: 2,
          },
        },
        USER_ORIGIN,
      );
      connect(doc, { source: input, target: map }, USER_ORIGIN);
    });
    await ada.goto(h.workflowUrl(workflowId));
    await waitForText(ada, 'sync-status', 'Saved');
    await selectNode(ada, map);
    expect(await ada.getByTestId('map-concurrency').inputValue()).toBe('2');
    expect(await ada.getByTestId('map-list-format').inputValue()).toBe('lines');
    await bob.goto(h.workflowUrl(workflowId));
    await waitForText(bob, 'sync-status', 'Saved');

    await ada.getByTestId('run-button').click();
    // Mid-run: some items answered, others still waiting their turn (2 at a time), never more than 2 running.
    const midRun = await ada.waitForFunction((id) => {
      const cells = [...document.querySelectorAll(`[data-testid="map-items-${id}"] .run-map__item`)];
      const count = (s: string) => cells.filter((c) => c.getAttribute('data-status') === s).length;
      return cells.length === 12 && count('succeeded') > 0 && count('queued') > 0
        ? {
            running: count('running'),
            summary: document.querySelector(`[data-testid="map-items-summary-${id}"]`)?.textContent,
          }
        : null;
    }, map);
    const seen = (await midRun.jsonValue()) as { running: number; summary: string };
    expect(seen.running).toBeLessThanOrEqual(2);
    expect(seen.summary).toMatch(/^\d+\/12 items done/);
    await shot(ada, 'map-01-progress');

    await waitForText(ada, 'run-status', 'succeeded');
    await waitForText(ada, `map-items-summary-${map}`, '12/12 items done');
    expect(await itemStatuses(ada, map)).toEqual(ITEMS.map(() => 'succeeded'));
    // Bob watches the same run document: the same items, the same summary.
    await waitForText(bob, `map-items-summary-${map}`, '12/12 items done');
    expect(await itemStatuses(bob, map)).toEqual(ITEMS.map(() => 'succeeded'));

    await ada.getByTestId(`output-view-raw-${map}`).click();
    const output = JSON.parse((await ada.getByTestId(`node-output-${map}`).textContent()) ?? '') as string[];
    expect(output).toHaveLength(12);
    for (const [i, answer] of output.entries()) expect(answer).toContain(`Explain topic ${i} (#${i})`);
    await shot(ada, 'map-02-done');
    expect(h.errorsOf(ada)).toEqual([]);
    expect(h.errorsOf(bob)).toEqual([]);
  });
});
