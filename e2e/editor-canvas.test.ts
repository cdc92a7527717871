// One person building a workflow from the palette: every node type, agent presets, router branches,
// input variables, `{{` autocomplete limited to upstream nodes, unknown references blocking Run,
// keyboard nudging, box selection, the shortcut dialog and the dark theme.
import { AGENT_PRESETS, addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { centre, connectNodes } from './canvasGestures';
import {
  type EditorHarness,
  nodePositions,
  openWorkflow,
  selectNode,
  shot,
  startEditorHarness,
  waitForValue,
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

/** Adds from the palette by clicking and returns the new node's id (it is selected). */
async function addByClick(page: Page, testId: string): Promise<string> {
  const before = new Set(await nodeIds(page));
  await page.getByTestId(testId).click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('.react-flow__node').length === n,
    before.size + 1,
  );
  const id = (await nodeIds(page)).find((x) => !before.has(x));
  if (!id) throw new Error('no new node');
  return id;
}

describe('building a workflow on the canvas', () => {
  it('adds every node type from the palette and configures them', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Research brief');
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    await openWorkflow(a, url, 0);
    await a.getByTestId('canvas-empty').waitFor();
    await shot(a, 'editor-palette-empty');

    // Input: starts with one variable; add a second and name it.
    const input = await addByClick(a, 'palette-input');
    await a.getByTestId('variables-editor').waitFor();
    await a.getByTestId('add-variable').click();
    const names = a.getByLabel('Variable name');
    await names.nth(1).fill('audience');
    await a.locator(`[data-testid="node-${input}"] .wf-node__chip`, { hasText: 'audience' }).waitFor();

    // Researcher: dragged from the palette onto the canvas, right of the input.
    const inputBox = await centre(a, `[data-testid="node-label-${input}"]`);
    const before = new Set(await nodeIds(a));
    await a.getByTestId('palette-agent-researcher').dragTo(a.locator('.react-flow__pane'), {
      targetPosition: { x: inputBox.x - 190 + 360, y: inputBox.y - 54 + 40 },
    });
    await a.waitForFunction(
      (n) => document.querySelectorAll('.react-flow__node').length === n,
      before.size + 1,
    );
    const researcher = (await nodeIds(a)).find((x) => !before.has(x)) ?? '';
    await waitForValue(a, 'preset-select', 'researcher');
    const preset = AGENT_PRESETS.find((p) => p.id === 'researcher');
    await waitForValue(a, 'system-prompt-input', preset?.systemPrompt ?? '');
    const positions = await nodePositions(a);
    expect(positions[researcher]!.x).toBeGreaterThan(positions[input]!.x + 200);

    // Writer: clicked while the new researcher is selected, so it lands right of it, connected from it.
    const writer = await addByClick(a, 'palette-agent-writer');
    await a
      .locator(`.react-flow__edge[data-id="${researcher}:out->${writer}:in"]`)
      .waitFor({ state: 'attached' });
    // A critic that is not connected at all: added with nothing selected.
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node.selected').length === 0);
    const critic = await addByClick(a, 'palette-agent-critic');
    // Shift+1 fits everything in view before wiring it up.
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.keyboard.press('Shift+Digit1');
    await a.waitForTimeout(400);
    await connectNodes(a, input, researcher);
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);

    // `{{` offers only what the writer can read: the input's variables and upstream outputs.
    await selectNode(a, writer);
    const prompt = a.getByTestId('user-prompt-input');
    await prompt.click();
    await a.keyboard.press('Control+End');
    await prompt.pressSequentially('\nAudience: {{');
    const menu = a.getByTestId('reference-menu');
    await menu.waitFor();
    const offered = await menu.getByRole('option').allTextContents();
    expect(offered.some((t) => t.includes('{{input.audience}}'))).toBe(true);
    // Upstream outputs are offered by the node's key (made from its label), not its id.
    expect(offered.some((t) => t.includes('{{nodes.researcher.output}}'))).toBe(true);
    expect(offered.some((t) => t.includes(researcher))).toBe(false);
    expect(offered.some((t) => t.includes('{{nodes.critic') || t.includes(critic))).toBe(false);
    expect(offered.some((t) => t.includes('{{nodes.writer') || t.includes(writer))).toBe(false);
    await shot(a, 'editor-autocomplete');
    await prompt.pressSequentially('aud');
    await a.keyboard.press('Enter');
    await waitForValue(a, 'user-prompt-input', '{{input}}\nAudience: {{input.audience}}');

    // A reference nothing upstream declares is flagged under the field, on the canvas, and blocks Run.
    await prompt.pressSequentially(' {{input.tone}}');
    await a.getByTestId('userPrompt-problems').waitFor();
    await a.getByTestId('reference-banner').waitFor();
    await a.getByTestId(`node-problems-${writer}`).waitFor();
    expect(await a.getByTestId('run-button').isDisabled()).toBe(true);
    await prompt.press('Backspace');
    for (let i = 0; i < ' {{input.tone}'.length; i++) await prompt.press('Backspace');
    await a.getByTestId('reference-banner').waitFor({ state: 'detached' });

    // Agent settings: every one is its own field.
    await a.getByTestId('temperature-input').fill('0.3');
    await a.getByTestId('retries-input').fill('2');
    await a.getByTestId('timeout-input').fill('45');
    await a.getByTestId('add-fallback').click();
    await a.getByTestId(`node-${writer}-fallback-0-provider`).selectOption('anthropic');
    await shot(a, 'editor-config-panel');

    // Router: two branches to start, a third added; switching to model mode shows the model picker.
    const router = await addByClick(a, 'palette-router');
    expect(await a.locator(`[data-testid="node-${router}"] .wf-handle--branch`).count()).toBe(2);
    await a.getByTestId('add-branch').click();
    await a.getByTestId('branch-label-2').fill('maybe');
    await a.waitForFunction(
      (id) => document.querySelectorAll(`[data-testid="node-${id}"] .wf-handle--branch`).length === 3,
      router,
    );
    await a.getByTestId('router-mode-llm').check();
    await a.getByTestId(`node-${router}-model-provider`).waitFor();

    // Output and a note (notes have no handles).
    await addByClick(a, 'palette-output');
    const note = await addByClick(a, 'palette-note');
    await a.getByTestId('note-text-input').fill('Ask legal before publishing.');
    await a.locator(`[data-testid="node-${note}"] .wf-node__note`, { hasText: 'legal' }).waitFor();
    expect(await a.locator(`[data-testid="node-${note}"] .react-flow__handle`).count()).toBe(0);

    await a.getByTestId('auto-layout-button').click();
    await a.waitForTimeout(900);
    await shot(a, 'editor-full-graph');
  });

  it('nudges, box-selects, deletes and undoes from the keyboard; shows the shortcut help', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Keyboard');
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(workflowId), 0);
    const first = await addByClick(a, 'palette-agent-summarizer');
    await addByClick(a, 'palette-agent-coder');
    await addByClick(a, 'palette-output');
    // Each click added the next step right of the last (and scrolled to it): fit all three in view.
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.keyboard.press('Shift+Digit1');
    await a.locator(`[data-testid="node-label-${first}"]`).click({ trial: true });

    // Arrow keys move the selected node through the document; Shift moves ten times as far.
    await selectNode(a, first);
    await a.locator(`.react-flow__node[data-id="${first}"]`).focus();
    const start = (await nodePositions(a))[first]!;
    await a.keyboard.press('ArrowRight');
    await a.keyboard.press('Shift+ArrowDown');
    await a.waitForFunction(
      ([id, x, y]) =>
        (document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null)?.style
          .transform === `translate(${x}px, ${y}px)`,
      [first, start.x + 2, start.y + 20] as const,
    );

    // Shift-drag draws a selection box around everything; Delete removes it; Ctrl+Z brings it back.
    const pane = await a.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no pane');
    await a.keyboard.down('Shift');
    await a.mouse.move(pane.x + 10, pane.y + 10);
    await a.mouse.down();
    await a.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2, { steps: 5 });
    await a.mouse.move(pane.x + pane.width - 10, pane.y + pane.height - 10, { steps: 5 });
    await a.mouse.up();
    await a.keyboard.up('Shift');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node.selected').length === 3);
    await a.keyboard.press('Delete');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 0);
    await a.keyboard.press('Control+z');
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 3);

    // `?` opens the shortcut list; Escape closes it.
    await a.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await a.keyboard.press('?');
    const dialog = a.getByTestId('shortcut-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Auto-layout');
    await shot(a, 'editor-shortcut-dialog');
    await a.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The same editor in the dark theme, with the settings of a selected node.
    const dark = await h.newPage(h.ada, { colorScheme: 'dark' });
    await openWorkflow(dark, h.workflowUrl(workflowId), 3);
    await selectNode(dark, first);
    await shot(dark, 'editor-dark');

    // And readable on a phone: palette as a strip, canvas, then the panel.
    const phone = await h.newPage(h.ada, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await openWorkflow(phone, h.workflowUrl(workflowId), 3);
    await shot(phone, 'editor-phone');
  });

  it('checks a large workflow in the worker: a cycle among 300 nodes still blocks Run', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Large', (doc) => {
      const ids: string[] = [];
      for (let i = 0; i < 300; i++) {
        const position = { x: (i % 20) * 280, y: Math.floor(i / 20) * 140 };
        ids.push(addNode(doc, { type: 'agent', position, data: { label: `Agent ${i}` } }, USER_ORIGIN));
      }
      for (let i = 0; i < 299; i++) connect(doc, { source: ids[i]!, target: ids[i + 1]! }, USER_ORIGIN);
      // connect() refuses a cycle locally, so the closing edge is written raw, as a merge would.
      const back = new Y.Map<unknown>();
      doc.getMap('edges').set(`${ids[299]}:out->${ids[250]}:in`, back);
      back.set('source', ids[299]);
      back.set('target', ids[250]);
    });
    const a = await h.newPage(h.ada);
    await a.goto(h.workflowUrl(workflowId));
    const banner = a.getByTestId('cycle-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Agent 250');
    expect(await a.getByTestId('run-button').isDisabled()).toBe(true);
    await a.locator('.react-flow__edge.edge--cycle').first().waitFor({ state: 'attached' });
  });
});
