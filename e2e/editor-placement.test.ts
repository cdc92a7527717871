// Where things land in the editor: the versions drawer leaves the canvas usable, and fitting the view
// keeps node text readable.
import { USER_ORIGIN, writeWorkflowGraph } from '@synapse/schema';
import { instantiateTemplate, templateById } from '@synapse/templates';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, selectNode, shot, startEditorHarness } from './editor-harness';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The canvas zoom, from React Flow's viewport transform. */
async function zoomOf(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').first().getAttribute('style');
  const match = /scale\(([\d.]+)\)/.exec(transform ?? '');
  if (!match) throw new Error(`no zoom in ${transform}`);
  return Number(match[1]);
}

async function seedDemo(): Promise<{ id: string; nodes: number }> {
  const template = templateById('research-write-critique-edit');
  if (!template) throw new Error('demo template missing');
  const graph = instantiateTemplate(template);
  const id = await h.seedWorkflow(h.ada, 'Demo pipeline', (doc) =>
    writeWorkflowGraph(doc, graph, USER_ORIGIN),
  );
  return { id, nodes: graph.nodes.length };
}

describe('editor placement', () => {
  it('keeps the versions drawer narrow and folds it to its header, leaving the canvas usable', async () => {
    const demo = await seedDemo();
    const page = await h.newPage(h.ada);
    await openWorkflow(page, h.workflowUrl(demo.id), demo.nodes);
    await page.getByTestId('versions-button').click();
    const drawer = page.getByTestId('versions-panel');
    await drawer.waitFor();
    const canvas = await page.locator('.editor__canvas').boundingBox();
    const open = await drawer.boundingBox();
    if (!canvas || !open) throw new Error('no canvas or drawer');
    expect(open.width).toBeLessThanOrEqual(300);
    expect(open.width / canvas.width).toBeLessThan(0.4);
    await shot(page, 'editor-versions-open');

    const fold = page.getByTestId('versions-collapse');
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await fold.click();
    await page.getByTestId('save-version-button').waitFor({ state: 'hidden' });
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    const folded = await drawer.boundingBox();
    expect(folded?.height ?? Infinity).toBeLessThan(64);
    // A node that sat under the open drawer can be selected now.
    const covered = await page.locator('.react-flow__node').evaluateAll(
      (els, edge) =>
        els
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > edge && r.top > 120;
          })
          .map((el) => el.getAttribute('data-id') ?? ''),
      open.x,
    );
    expect(covered.length).toBeGreaterThan(0);
    await selectNode(page, covered[0] as string);
    await shot(page, 'editor-versions-folded');

    await fold.click();
    await page.getByTestId('save-version-button').waitFor();
  });

  it('opens the demo graph at a zoom where node labels are readable, also after “fit view”', async () => {
    const demo = await seedDemo();
    const page = await h.newPage(h.ada);
    await openWorkflow(page, h.workflowUrl(demo.id), demo.nodes);
    await page.waitForFunction(() => document.querySelector('.react-flow__viewport')?.getAttribute('style'));
    // Labels are 14 px: at 0.65 they are ~9 px on screen; the wide graph is a drag away instead.
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.65);
    const label = await page.locator('.wf-node__label').first().boundingBox();
    expect(label?.height ?? 0).toBeGreaterThanOrEqual(9);
    await page.locator('.react-flow__controls-zoomout').click();
    await page.locator('.react-flow__controls-zoomout').click();
    expect(await zoomOf(page)).toBeLessThan(0.6);
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForFunction(() => {
      const style = document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '';
      return Number(/scale\(([\d.]+)\)/.exec(style)?.[1] ?? 0) >= 0.65;
    });
    await shot(page, 'editor-demo-fit');
  });
});
