// A Sub-workflow run end to end in real Chromium, against the whole stack with its runner (ADR 0024):
// Ada pins the called version and writes the input template in the panel, runs the parent from the
// editor, and watches the node wait while the nested run's nodes go on live inside its card; the child
// waits at a Human approval (so the wait is there to see, not a race), which Bob — watching the same run
// in his own browser — decides from the nested run's view (a viewer sees it there but cannot decide). The
// parent then finishes with the child's output, and each run view links to the other. A workflow that
// calls itself is refused at Run with the cycle named in the editor.
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
import { editWorkflow, listInIndex, saveVersion } from './workspaceSeeding';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The status a nested run's node shows inside the calling node's card. */
async function waitForNestedNode(page: Page, callNode: string, label: string, status: string) {
  await page.waitForFunction(
    ([id, name, expected]) =>
      [...document.querySelectorAll(`[data-testid="run-child-${id}"] .run-child__node`)].some(
        (row) =>
          row.querySelector('.run-child__label')?.textContent === name && row.textContent?.endsWith(expected),
      ),
    [callNode, label, status] as const,
  );
}

/** Waits until the run document's node shows `status`, on the canvas and in the run panel alike. */
async function waitForNodeStatus(page: Page, nodeId: string, status: string) {
  await waitForText(page, `node-status-${nodeId}`, status);
  await waitForText(page, `run-node-status-${nodeId}`, status);
}

describe('Sub-workflow run', () => {
  it('Ada runs the parent; the nested run goes on live in the card, Bob approves it, and the runs link both ways', async () => {
    // Summarize: Text → Check (approval) → Summarizer (built-in local model) → Summary.
    const child = { input: '', check: '', agent: '', output: '' };
    const childId = await h.seedWorkflow(h.ada, 'Summarize', (doc) => {
      child.input = addNode(
        doc,
        {
          type: 'input',
          position: { x: 0, y: 0 },
          data: {
            label: 'Text',
            variables: [{ name: 'text', type: 'text', default: '', required: true }],
          },
        },
        USER_ORIGIN,
      );
      child.check = addNode(
        doc,
        { type: 'approval', position: { x: 300, y: 0 }, data: { label: 'Check', key: 'check' } },
        USER_ORIGIN,
      );
      child.agent = addNode(
        doc,
        { type: 'agent', position: { x: 600, y: 0 }, data: { label: 'Summarizer' } },
        USER_ORIGIN,
      );
      child.output = addNode(
        doc,
        { type: 'output', position: { x: 900, y: 0 }, data: { label: 'Summary' } },
        USER_ORIGIN,
      );
      connect(doc, { source: child.input, target: child.check }, USER_ORIGIN);
      connect(doc, { source: child.check, sourceHandle: 'approved', target: child.agent }, USER_ORIGIN);
      connect(doc, { source: child.agent, target: child.output }, USER_ORIGIN);
    });
    // Digest: Topic → Summarize it (calls Summarize, version and inputs still to choose) → Digest.
    const parent = { input: '', call: '', output: '' };
    const parentId = await h.seedWorkflow(h.ada, 'Digest', (doc) => {
      parent.input = addNode(
        doc,
        {
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Topic', variables: [{ name: 'topic', type: 'string', default: 'tides' }] },
        },
        USER_ORIGIN,
      );
      parent.call = addNode(
        doc,
        {
          type: 'subworkflow',
          position: { x: 300, y: 0 },
          data: { label: 'Summarize it', key: 'summarize', workflowId: childId },
        },
        USER_ORIGIN,
      );
      parent.output = addNode(
        doc,
        { type: 'output', position: { x: 600, y: 0 }, data: { label: 'Digest' } },
        USER_ORIGIN,
      );
      connect(doc, { source: parent.input, target: parent.call }, USER_ORIGIN);
      connect(doc, { source: parent.call, target: parent.output }, USER_ORIGIN);
    });
    await listInIndex(h, [
      { id: childId, name: 'Summarize' },
      { id: parentId, name: 'Digest' },
    ]);
    const pinned = await saveVersion(h, childId, 'first cut', true);

    // Ada pins the saved version and writes the input from the parent's own input.
    const url = h.workflowUrl(parentId);
    const a = await h.newPage(h.ada);
    await openWorkflow(a, url, 3);
    await selectNode(a, parent.call);
    await a
      .getByTestId('subworkflow-version')
      .locator(`option[value="${pinned}"]`)
      .waitFor({ state: 'attached' });
    await a.getByTestId('subworkflow-version').selectOption(pinned);
    await a.getByTestId('subworkflow-input-text').fill('Notes on {{input.topic}}');
    await waitForText(a, `node-calls-${parent.call}`, 'Summarize · first cut');
    await waitForText(a, 'sync-status', 'Saved');

    const b = await h.newPage(h.bob);
    await openWorkflow(b, url, 3);

    await a.getByTestId('run-button').click();
    await a.getByTestId('run-input-topic').fill('moons');
    await a.getByTestId('run-form-submit').click();

    // Both see the parent wait on its node while the nested run waits at its approval.
    for (const page of [a, b]) {
      await waitForNodeStatus(page, parent.call, 'waiting');
      await waitForText(page, 'run-status', 'waiting');
      await waitForText(page, `run-child-status-${parent.call}`, 'waiting');
      await waitForNestedNode(page, parent.call, 'Text', 'succeeded');
      await waitForNestedNode(page, parent.call, 'Check', 'waiting');
      await waitForNestedNode(page, parent.call, 'Summarizer', 'queued');
      expect(await page.getByTestId(`run-node-status-${parent.output}`).textContent()).toBe('queued');
    }
    expect(await a.getByTestId(`run-child-${parent.call}`).textContent()).toContain(
      'Nested run of Summarize',
    );
    await a.getByTestId(`run-node-${parent.call}`).scrollIntoViewIfNeeded();
    await shot(a, 'subworkflow-run-waiting');

    // Bob opens the nested run from the card and approves there.
    await b.getByTestId(`run-child-open-${parent.call}`).click();
    await b.waitForURL(/\/w\/default\/history\/[^/]+$/);
    const childRun = b.url().split('/').at(-1) as string;
    await waitForText(b, 'run-detail-title', 'Summarize');
    expect(await b.getByTestId('run-inputs').textContent()).toContain('Notes on moons');
    // A viewer sees the pending request there but cannot decide it.
    const viewer = await h.stack.users.signUp({
      name: 'Vera Viewer',
      inviteToken: await h.stack.users.invite(h.ada, 'default', 'viewer'),
    });
    const v = await h.newPage(viewer);
    await v.goto(b.url());
    await v.getByTestId(`approval-${child.check}`).getByText('Waiting for an editor to decide.').waitFor();
    expect(await v.getByTestId(`approval-approve-${child.check}`).count()).toBe(0);
    await b.getByTestId(`approval-approve-${child.check}`).click();

    // Ada, still in the editor, sees the nested nodes succeed in the card, then the parent finish.
    for (const label of ['Check', 'Summarizer', 'Summary'])
      await waitForNestedNode(a, parent.call, label, 'succeeded');
    await waitForText(a, `run-child-status-${parent.call}`, 'succeeded');
    await waitForNodeStatus(a, parent.call, 'succeeded');
    await waitForNodeStatus(a, parent.output, 'succeeded');
    await waitForText(a, 'run-status', 'succeeded');
    const digest = (await a.getByTestId(`node-output-${parent.output}`).textContent()) ?? '';
    expect(digest.length).toBeGreaterThan(0);
    await a.getByTestId(`run-node-${parent.call}`).scrollIntoViewIfNeeded();
    await shot(a, 'subworkflow-run-succeeded');

    // Bob's nested run view ends with the same text the parent finished with, and links back.
    await waitForText(b, 'run-status', 'succeeded');
    await waitForText(b, `node-output-${child.output}`, digest.trim());
    expect(await b.getByTestId(`approval-decision-${child.check}`).textContent()).toMatch(/^Approved by Bob/);
    await b.getByTestId('run-parent').getByText('Summarize it').waitFor();
    await shot(b, 'subworkflow-run-nested-bob');
    await b.getByTestId('run-parent-link').click();
    await b.waitForURL(/\/w\/default\/history\/[^/]+$/);
    expect(b.url()).not.toContain(childRun);
    await waitForText(b, `run-child-status-${parent.call}`, 'succeeded');
    await waitForText(b, `node-output-${parent.output}`, digest.trim());

    // Ada opens the nested run from her card: it names the run and node that called it.
    await a.getByTestId(`run-child-open-${parent.call}`).click();
    await a.waitForURL(`**/w/default/history/${childRun}`);
    await waitForText(a, 'run-detail-title', 'Summarize');
    await a.getByTestId('run-parent').getByText('Summarize it').waitFor();
    expect(await a.getByTestId('run-parent-link').textContent()).toMatch(/^Digest · run /);
    await shot(a, 'subworkflow-run-nested-ada');
    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b)).toEqual([]);
  }, 120_000);

  it('refuses to run a workflow that calls itself, naming the cycle in the editor', async () => {
    // The editor never offers the workflow itself, so the call is written as another client could.
    const loopId = await h.seedWorkflow(h.ada, 'Loop');
    await editWorkflow(h, loopId, (doc) => {
      addNode(
        doc,
        {
          type: 'subworkflow',
          position: { x: 0, y: 0 },
          data: { label: 'Again', key: 'again', workflowId: loopId },
        },
        USER_ORIGIN,
      );
    });
    await listInIndex(h, [{ id: loopId, name: 'Loop' }]);
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(loopId), 1);
    await a.getByTestId('run-button').click();
    await a
      .getByTestId('run-error')
      .getByText('Run refused: sub-workflows call each other in a cycle: Loop → Loop')
      .waitFor();
    await shot(a, 'subworkflow-run-cycle');
    expect(await a.getByTestId('run-id').count()).toBe(0);
  });
});
