// Presence through Hocuspocus awareness: the other person's cursor, avatar, selection and live drag.
import { addNode, USER_ORIGIN } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centre } from './canvasGestures';
import { type EditorHarness, nodePositions, openWorkflow, shot, startEditorHarness } from './editor-harness';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('presence', () => {
  it('shows the other person’s avatar, cursor, selection and live drag — none of it in the document', async () => {
    const ids = { writer: '', critic: '' };
    const workflowId = await h.seedWorkflow(h.ada, 'Who is here', (doc) => {
      ids.writer = addNode(
        doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Writer' } },
        USER_ORIGIN,
      );
      ids.critic = addNode(
        doc,
        { type: 'agent', position: { x: 400, y: 80 }, data: { label: 'Critic' } },
        USER_ORIGIN,
      );
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 2);
    await openWorkflow(b, url, 2);

    // Avatar in the header.
    await b.locator('[data-testid="presence-avatar"][title="Ada Lovelace"]').waitFor();
    await a.locator('[data-testid="presence-avatar"][title="Bob Hopper"]').waitFor();

    // Cursor: Ada points below the Writer; Bob sees a named cursor there.
    const writerOnA = await centre(a, `[data-testid="node-label-${ids.writer}"]`);
    await a.mouse.move(writerOnA.x + 10, writerOnA.y + 120, { steps: 4 });
    const cursor = b.getByTestId('remote-cursor').filter({ hasText: 'Ada Lovelace' });
    await cursor.waitFor();
    const writerOnB = await centre(b, `[data-testid="node-label-${ids.writer}"]`);
    const cursorBox = await cursor.boundingBox();
    // Same spot of the graph (both pages fit the same graph in the same viewport size).
    expect(Math.abs((cursorBox?.x ?? 0) - (writerOnB.x + 10))).toBeLessThan(40);
    expect(Math.abs((cursorBox?.y ?? 0) - (writerOnB.y + 120))).toBeLessThan(40);

    // Selection: Ada selects the Writer; Bob sees it outlined with her name.
    await a.locator(`[data-testid="node-label-${ids.writer}"]`).click();
    await b.getByTestId(`node-peer-${ids.writer}`).filter({ hasText: 'Ada Lovelace' }).waitFor();

    // Live drag: while Ada holds the Critic mid-drag, Bob already sees it move.
    const start = await centre(a, `[data-testid="node-label-${ids.critic}"]`);
    const before = (await nodePositions(b))[ids.critic];
    await a.mouse.move(start.x, start.y);
    await a.mouse.down();
    await a.mouse.move(start.x + 60, start.y + 100, { steps: 6 });
    await a.mouse.move(start.x + 120, start.y + 200, { steps: 6 });
    await b.waitForFunction(
      ([id, y]) => {
        const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null;
        const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(el?.style.transform ?? '');
        return m !== null && Number(m[2]) > y + 100;
      },
      [ids.critic, before?.y ?? 0] as const,
    );
    await b.getByTestId(`node-${ids.critic}`).and(b.locator('.is-peer-dragging')).waitFor();
    // Ada's cursor travels with the node she drags (React Flow's drag swallows mousemove; pointer events carry it).
    const criticOnB = await centre(b, `[data-testid="node-label-${ids.critic}"]`);
    await b.waitForFunction((y) => {
      const el = [...document.querySelectorAll('[data-testid="remote-cursor"]')][0];
      const box = el?.getBoundingClientRect();
      return box !== undefined && Math.abs(box.y - y) < 60;
    }, criticOnB.y);
    await shot(b, 'editor-presence');
    await a.mouse.up();

    // On release the position is written once; Bob ends where Ada dropped it, preview gone.
    await b.waitForFunction(
      (id) => !document.querySelector(`[data-testid="node-${id}"]`)?.classList.contains('is-peer-dragging'),
      ids.critic,
    );
    await b.waitForFunction(
      ([id, expected]) => {
        const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement | null;
        return el?.style.transform === expected;
      },
      [
        ids.critic,
        await a
          .locator(`.react-flow__node[data-id="${ids.critic}"]`)
          .evaluate((el) => (el as HTMLElement).style.transform),
      ] as const,
    );

    // Leaving the canvas hides the cursor for the others.
    await a.mouse.move(5, 5);
    await cursor.waitFor({ state: 'detached' });
  });
});
