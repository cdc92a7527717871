// The Sub-workflow node's settings in real Chromium: Ada adds one from the palette, picks the workflow to
// call and its version, and fills the inputs that version declares (a reference the run could not satisfy
// is shown as a problem); Bob sees the same settings in his browser, and a viewer sees them read-only.
// Running one (the nested run in the card, the run views linked both ways, a cycle refused at Run) is
// e2e/subworkflow-run.test.ts, against the real runner.
import { addNode, setNodeField, USER_ORIGIN } from '@synapse/schema';
import { createTestUsers } from '@synapse/testkit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EditorHarness,
  openWorkflow,
  selectNode,
  shot,
  startEditorHarness,
  waitForText,
  waitForValue,
} from './editor-harness';
import { editWorkflow, listInIndex, saveVersion } from './workspaceSeeding';

let h: EditorHarness;
let v2: string;

const TEXT = { name: 'text', type: 'text', default: '', description: 'What to summarize', required: true };
const TONE = { name: 'tone', type: 'string', default: 'plain' };

async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

async function optionLabels(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).locator('option').allTextContents();
}

beforeAll(async () => {
  h = await startEditorHarness();
  // "Summarize" declares `text`; v1 (published) has only it, v2 adds `tone`.
  let inputNode = '';
  const childId = await h.seedWorkflow(h.ada, 'Summarize', (doc) => {
    inputNode = addNode(
      doc,
      { type: 'input', position: { x: 0, y: 0 }, data: { label: 'Text', variables: [TEXT] } },
      USER_ORIGIN,
    );
    addNode(doc, { type: 'output', position: { x: 320, y: 0 }, data: { label: 'Summary' } }, USER_ORIGIN);
  });
  await listInIndex(h, [{ id: childId, name: 'Summarize' }]);
  await saveVersion(h, childId, 'v1', true);
  await editWorkflow(h, childId, (doc) =>
    setNodeField(doc, inputNode, 'variables', [TEXT, TONE], USER_ORIGIN),
  );
  v2 = await saveVersion(h, childId, 'v2 with tone');
});

afterAll(async () => {
  await h?.close();
});

describe('Sub-workflow node', () => {
  it('picks the workflow and version to call, fills the inputs it declares, and syncs to a second browser', async () => {
    const parentId = await h.seedWorkflow(h.ada, 'Weekly report', (doc) => {
      addNode(
        doc,
        {
          type: 'input',
          position: { x: 0, y: 0 },
          data: { label: 'Topic', variables: [{ name: 'topic', type: 'string', default: '' }] },
        },
        USER_ORIGIN,
      );
    });
    await listInIndex(h, [{ id: parentId, name: 'Weekly report' }]);
    const url = h.workflowUrl(parentId);
    const a = await h.newPage(h.ada);
    await openWorkflow(a, url, 1);
    const before = new Set(await nodeIds(a));

    await a.getByTestId('palette-subworkflow').click();
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    const id = (await nodeIds(a)).find((n) => !before.has(n)) as string;
    await a.locator(`[data-testid="node-inspector"][data-node-id="${id}"]`).waitFor();
    await waitForText(a, `node-calls-${id}`, 'No workflow chosen');

    // The workflow being edited is never offered: it would call itself.
    await a.getByTestId('subworkflow-workflow').locator('option', { hasText: 'Summarize' }).waitFor({
      state: 'attached',
    });
    expect(await optionLabels(a, 'subworkflow-workflow')).toEqual(['Choose a workflow…', 'Summarize']);
    await a.getByTestId('subworkflow-workflow').selectOption({ label: 'Summarize' });

    // The published version (v1) declares only `text`.
    await a.getByTestId('subworkflow-input-text').waitFor();
    expect(await a.getByTestId('subworkflow-input-tone').count()).toBe(0);
    await waitForText(a, `node-calls-${id}`, 'Summarize · Published');
    expect(await optionLabels(a, 'subworkflow-version')).toEqual([
      'Published version (v1)',
      'v2 with tone',
      'v1',
    ]);

    // Pinning v2 offers its second input.
    await a.getByTestId('subworkflow-version').selectOption({ label: 'v2 with tone' });
    await a.getByTestId('subworkflow-input-tone').waitFor();
    await waitForText(a, `node-calls-${id}`, 'Summarize · v2 with tone');

    // `{{input.topic}}` is a problem here (no Input node is upstream yet), like in any other panel.
    await a.getByTestId('subworkflow-input-text').fill('{{input.topic}}');
    await a.getByTestId('subworkflow-input-problems-text').getByText('{{input.topic}}').waitFor();
    await a.getByTestId('subworkflow-input-tone').fill('dry');
    await waitForText(a, 'sync-status', 'Saved');
    await shot(a, 'subworkflow-settings');

    // Bob, in his own browser, sees the same call and values.
    const b = await h.newPage(h.bob);
    await openWorkflow(b, url, 2);
    await waitForText(b, `node-calls-${id}`, 'Summarize · v2 with tone');
    await selectNode(b, id);
    await waitForValue(b, 'subworkflow-input-text', '{{input.topic}}');
    await waitForValue(b, 'subworkflow-input-tone', 'dry');
    expect(await b.getByTestId('subworkflow-version').inputValue()).toBe(v2);

    // Back to the published version: `tone` is not declared there, so it is listed apart to remove.
    await a.getByTestId('subworkflow-version').selectOption('');
    await a.getByTestId('subworkflow-extra-inputs').getByText('tone').waitFor();
    await a.getByRole('button', { name: 'Remove input tone' }).click();
    await a.getByTestId('subworkflow-extra-inputs').waitFor({ state: 'detached' });
    await b.getByTestId('subworkflow-input-tone').waitFor({ state: 'detached' });
    await waitForText(b, `node-calls-${id}`, 'Summarize · Published');

    // A viewer sees the call but cannot change it.
    const users = createTestUsers(h.stack.url);
    const viewer = await users.signUp({
      name: 'Vera Viewer',
      inviteToken: await users.invite(h.ada, 'default', 'viewer'),
    });
    const v = await h.newPage(viewer);
    await v.goto(url);
    await waitForText(v, `node-calls-${id}`, 'Summarize · Published');
    await selectNode(v, id);
    await waitForValue(v, 'subworkflow-input-text', '{{input.topic}}');
    expect(await v.getByTestId('subworkflow-workflow').isDisabled()).toBe(true);
    expect(await v.getByTestId('subworkflow-version').isDisabled()).toBe(true);
    expect(await v.getByTestId('subworkflow-input-text').getAttribute('readonly')).not.toBeNull();
    expect(h.errorsOf(a)).toEqual([]);
    expect(h.errorsOf(b)).toEqual([]);
  });

  it('says plainly when the called version declares no inputs', async () => {
    const loneId = await h.seedWorkflow(h.ada, 'No inputs');
    await listInIndex(h, [{ id: loneId, name: 'No inputs' }]);
    await saveVersion(h, loneId, 'first', true);
    const parentId = await h.seedWorkflow(h.ada, 'Caller of nothing', (doc) => {
      addNode(
        doc,
        { type: 'subworkflow', position: { x: 0, y: 0 }, data: { label: 'Call', workflowId: loneId } },
        USER_ORIGIN,
      );
    });
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(parentId), 1);
    const [id] = await nodeIds(a);
    await selectNode(a, id as string);
    await a.getByTestId('subworkflow-no-inputs').waitFor();
    await waitForText(a, `node-calls-${id}`, 'No inputs · Published');
  });
});
