// Real mouse gestures on the React Flow canvas, as a person would make them.
import type { Page } from 'playwright-core';

export async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

export async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one point to another with real mouse events, as a person would. */
export async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

export async function connectNodes(page: Page, source: string, target: string): Promise<void> {
  await drag(
    page,
    await centre(page, `.react-flow__node[data-id="${source}"] .react-flow__handle.source`),
    await centre(page, `.react-flow__node[data-id="${target}"] .react-flow__handle.target`),
  );
}
