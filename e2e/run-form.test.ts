// The run form and published versions, in Chromium against the whole stack: Run opens a form built
// from the Input nodes (types, descriptions, required marks, problems beside their fields), the values
// are remembered for the next run, Ctrl+Enter runs with them at once, re-running from the history opens
// the form filled with that run's inputs, and one click in Versions publishes a version that a run of
// the published version then names. Screenshots go to test-artifacts/run-form-*.png.
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, shot, startEditorHarness, waitForText } from './editor-harness';

let h: EditorHarness;
let page: Page;
let workflowId = '';
const runIds: string[] = [];

beforeAll(async () => {
  h = await startEditorHarness();
  workflowId = await h.seedWorkflow(h.ada, 'Form-driven brief', (doc) => {
    const input = addNode(
      doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: {
          label: 'Brief',
          variables: [
            { name: 'topic', type: 'string', default: 'tides', description: 'What the brief is about' },
            { name: 'count', type: 'number', default: '3' },
            { name: 'tone', type: 'string', default: '', required: true, description: 'How it should sound' },
          ],
        },
      },
      USER_ORIGIN,
    );
    const writer = addNode(
      doc,
      {
        type: 'agent',
        position: { x: 320, y: 0 },
        data: {
          label: 'Writer',
          userPrompt: 'Write {{input.count}} lines about {{input.topic}}, {{input.tone}}.',
        },
      },
      USER_ORIGIN,
    );
    const output = addNode(
      doc,
      { type: 'output', position: { x: 640, y: 0 }, data: { label: 'Brief' } },
      USER_ORIGIN,
    );
    connect(doc, { source: input, target: writer }, USER_ORIGIN);
    connect(doc, { source: writer, target: output }, USER_ORIGIN);
  });
  page = await h.newPage(h.ada);
});

afterAll(async () => {
  await h?.close();
});

async function runIdShown(): Promise<string> {
  return (await page.getByTestId('run-id').getAttribute('title')) ?? '';
}

async function waitForNewRun(previous: string): Promise<string> {
  await page.waitForFunction((prev) => {
    const id = document.querySelector('[data-testid="run-id"]')?.getAttribute('title');
    return !!id && id !== prev;
  }, previous);
  await waitForText(page, 'run-status', 'succeeded');
  return runIdShown();
}

describe('run form', () => {
  it('opens from Run with a field per input, refuses what is wrong beside the field, and runs on Enter', async () => {
    await openWorkflow(page, h.workflowUrl(workflowId), 3);
    await waitForText(page, 'sync-status', 'Saved');
    await page.getByTestId('run-button').click();
    const form = page.getByTestId('run-form');
    await form.waitFor();
    expect(await page.getByTestId('run-input-topic').inputValue()).toBe('tides');
    expect(await page.getByTestId('run-input-count').inputValue()).toBe('3');
    expect(await form.textContent()).toContain('What the brief is about');
    expect(await form.textContent()).toContain('How it should sound');

    await page.getByTestId('run-input-count').fill('three');
    await page.getByTestId('run-form-submit').click();
    await waitForText(page, 'run-input-tone-error', 'input "tone" is required');
    await waitForText(page, 'run-input-count-error', 'input "count" must be a number, got "three"');
    await shot(page, 'run-form-01-problems');
    // Nothing ran: no run panel yet.
    expect(await page.getByTestId('run-id').count()).toBe(0);

    await page.getByTestId('run-input-topic').fill('moons');
    await page.getByTestId('run-input-count').fill('5');
    await page.getByTestId('run-input-tone').fill('wry');
    expect(await page.getByTestId('run-input-count-error').count()).toBe(0);
    await page.getByTestId('run-input-tone').press('Enter');
    await form.waitFor({ state: 'hidden' });
    runIds.push(await waitForNewRun(''));
    expect(await page.getByTestId('run-version').textContent()).toMatch(/^Draft as of /);
    await shot(page, 'run-form-02-ran');
  });

  it('remembers the values for the next run; Ctrl+Enter runs with them without the form', async () => {
    await page.getByTestId('run-button').click();
    await page.getByTestId('run-form').waitFor();
    expect(await page.getByTestId('run-input-topic').inputValue()).toBe('moons');
    expect(await page.getByTestId('run-input-tone').inputValue()).toBe('wry');
    await page.getByTestId('run-form-cancel').click();
    await page.getByTestId('run-form').waitFor({ state: 'hidden' });

    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+Enter');
    runIds.push(await waitForNewRun(runIds[0] as string));
    expect(await page.getByTestId('run-form').isVisible()).toBe(false);
    const runs = (await (
      await h.ada.request(`/api/workspaces/default/workflows/${workflowId}/runs`)
    ).json()) as {
      runs: { id: string; inputs: Record<string, string> }[];
    };
    expect(runs.runs.find((r) => r.id === runIds[1])?.inputs).toEqual({
      topic: 'moons',
      count: '5',
      tone: 'wry',
    });
  });

  it('re-runs from the history with the form filled with that run’s inputs', async () => {
    await page.goto(`${h.stack.url}/w/default/history/${runIds[0]}`);
    await page.getByTestId('run-detail').waitFor();
    await waitForText(page, 'run-status', 'succeeded');
    expect(await page.getByTestId('run-version').textContent()).toMatch(/^Draft as of /);
    await page.getByTestId('rerun').click();
    await page.getByTestId('run-form').waitFor();
    expect(await page.getByTestId('run-input-topic').inputValue()).toBe('moons');
    expect(await page.getByTestId('run-input-count').inputValue()).toBe('5');
    expect(await page.getByTestId('run-input-tone').inputValue()).toBe('wry');
    await shot(page, 'run-form-03-rerun-prefilled');
    await page.getByTestId('run-form-submit').click();
    await page.waitForURL((url) => !url.pathname.endsWith(runIds[0] as string));
    await waitForText(page, 'run-status', 'succeeded');
    expect(await page.getByTestId('run-inputs').textContent()).toContain('moons');
    expect(await page.getByTestId('run-inputs').textContent()).toContain('wry');
  });

  it('publishes a version in one click; a run of the published version says so', async () => {
    await openWorkflow(page, h.workflowUrl(workflowId), 3);
    await page.getByTestId('versions-button').click();
    await page.getByTestId('versions-panel').waitFor();
    await page.getByTestId('version-name-input').fill('Release 1');
    await page.getByTestId('save-version-button').click();
    const row = page.locator('li', { has: page.locator('[data-version-name="Release 1"]') });
    await row.waitFor();
    await row.getByTestId('version-publish').click();
    await row.getByTestId('version-published').waitFor();
    await waitForText(page, 'versions-status', 'Published “Release 1”.');
    expect(await page.getByTestId('version-published').count()).toBe(1);
    expect(await row.getByTestId('version-publish').count()).toBe(0);
    await shot(page, 'run-form-04-published');

    const previous = await runIdShown();
    const started = await h.ada.request(`/api/workspaces/default/workflows/${workflowId}/runs`, {
      body: { inputs: { tone: 'formal' }, version: 'published' },
    });
    expect(started.status).toBe(202);
    await page.getByTestId('versions-close').click();
    await waitForNewRun(previous);
    await waitForText(page, 'run-version', 'Published version “Release 1”');
    expect(h.errorsOf(page)).toEqual([]);
  });
});
