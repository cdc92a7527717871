// References by key in the inspector: a key survives a label rename, is validated as typed, and changing
// it rewrites the references in everyone's prompts; braces that are no reference block Run.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
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

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('node keys', () => {
  it('keeps the key through a rename, refuses a bad one, and renames references for everyone', async () => {
    let writer = '';
    let editor = '';
    const workflowId = await h.seedWorkflow(h.ada, 'Keys', (doc) => {
      writer = addNode(
        doc,
        { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Writer' } },
        USER_ORIGIN,
      );
      editor = addNode(
        doc,
        {
          type: 'agent',
          position: { x: 320, y: 0 },
          data: { label: 'Editor', userPrompt: 'Tighten {{nodes.writer.output}}' },
        },
        USER_ORIGIN,
      );
      connect(doc, { source: writer, target: editor }, USER_ORIGIN);
    });
    const url = h.workflowUrl(workflowId);
    const a = await h.newPage(h.ada);
    const b = await h.newPage(h.bob);
    await openWorkflow(a, url, 2);
    await openWorkflow(b, url, 2);

    await selectNode(a, writer);
    await waitForValue(a, 'node-key-input', 'writer');
    await a.getByTestId('node-label-input').fill('Draft writer');
    await waitForText(b, `node-label-${writer}`, 'Draft writer');
    await waitForValue(a, 'node-key-input', 'writer');

    const key = a.getByTestId('node-key-input');
    await key.fill('Bad key');
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await a.getByTestId('node-key-hint').textContent()).toMatch(/lowercase letters/);
    await key.fill('editor');
    expect(await a.getByTestId('node-key-hint').textContent()).toMatch(/Editor already has this key/);
    await key.fill('draft');
    await key.press('Enter');

    await selectNode(b, editor);
    await waitForValue(b, 'user-prompt-input', 'Tighten {{nodes.draft.output}}');
    await shot(a, 'node-keys-renamed');

    await b.getByTestId('user-prompt-input').fill('Tighten {{nope.out}}');
    await a
      .getByTestId('userPrompt-problems')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await selectNode(a, editor);
    await waitForText(
      a,
      'userPrompt-problems',
      'Editor has {{nope.out}}, which is no reference: use {{input}}, {{input.<name>}} or {{nodes.<key>.output}}.',
    );
    expect(await a.getByTestId('run-button').isDisabled()).toBe(true);
  });
});
