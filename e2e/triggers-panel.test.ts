// The Triggers panel (T) in Chromium against the whole stack: a webhook made in the panel receives a
// signed delivery (testkit's createWebhookSender) and its run appears under its deliveries; a schedule
// made in the panel ticks (pg-boss's TestClock moves the job queue's clock a minute, as in
// scheduleTicks.int.test.ts) and its run appears under its ticks; the curl snippet the panel prints,
// run as printed in a shell with SYNAPSE_TOKEN exported as the panel says, starts a run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { addNode, connect, USER_ORIGIN } from '@synapse/schema';
import { SCHEDULE_QUEUE } from '@synapse/server';
import { createWebhookSender } from '@synapse/testkit/fakes';
import { TestClock } from 'pg-boss';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, shot, startEditorHarness } from './editor-harness';

const run = promisify(execFile);
const MINUTE = 60_000;
let h: EditorHarness;
let page: Page;
let workflowId = '';
// Mid-minute, so one tick of the clock crosses exactly one minute boundary.
const clock = new TestClock(Math.floor(Date.now() / MINUTE) * MINUTE + 30_000);

interface ApiRunView {
  run: { id: string; trigger: string | null; status: string; inputs: Record<string, string> };
}

async function runView(runId: string): Promise<ApiRunView['run']> {
  const response = await h.ada.request(`/api/workspaces/default/runs/${runId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as ApiRunView).run;
}

/** The run id of the first run link inside `testId`, once one shows (the lists refresh every 2 s). */
async function firstRunIn(testId: string): Promise<string> {
  const link = page.getByTestId(testId).getByTestId('trigger-run-link').first();
  await link.waitFor();
  return (await link.getAttribute('data-run-id')) ?? '';
}

beforeAll(async () => {
  h = await startEditorHarness({ server: { jobClock: clock } });
  workflowId = await h.seedWorkflow(h.ada, 'Triggered brief', (doc) => {
    const input = addNode(
      doc,
      {
        type: 'input',
        position: { x: 0, y: 0 },
        data: {
          label: 'Brief',
          variables: [{ name: 'topic', type: 'string', default: 'tides', required: true }],
        },
      },
      USER_ORIGIN,
    );
    const writer = addNode(
      doc,
      {
        type: 'agent',
        position: { x: 320, y: 0 },
        data: { label: 'Writer', userPrompt: 'Two lines on {{input.topic}}.' },
      },
      USER_ORIGIN,
    );
    const output = addNode(
      doc,
      { type: 'output', position: { x: 640, y: 0 }, data: { label: 'Result' } },
      USER_ORIGIN,
    );
    connect(doc, { source: input, target: writer }, USER_ORIGIN);
    connect(doc, { source: writer, target: output }, USER_ORIGIN);
  });
  // Triggers run the published version.
  const saved = await h.ada.request(`/api/workspaces/default/workflows/${workflowId}/versions`, {
    body: { name: 'Release 1' },
  });
  const { version } = (await saved.json()) as { version: { id: string } };
  const published = await h.ada.request(
    `/api/workspaces/default/workflows/${workflowId}/versions/${version.id}/publish`,
    { method: 'POST' },
  );
  expect(published.status).toBe(200);
  page = await h.newPage(h.ada);
  await openWorkflow(page, h.workflowUrl(workflowId), 3);
});

afterAll(async () => {
  await h?.close();
});

describe('triggers panel', () => {
  it('opens with T; the curl snippet, run as printed with SYNAPSE_TOKEN exported, starts a run', async () => {
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('t');
    await page.getByTestId('triggers-panel').waitFor();
    const snippet = (await page.getByTestId('snippet-curl').textContent()) ?? '';
    expect(snippet).toContain(`${h.stack.url}/api/v1/workflows/${workflowId}/runs`);
    expect(snippet).toContain('"topic":"tides"');
    expect(await page.getByTestId('triggers-api').textContent()).toContain('export SYNAPSE_TOKEN=');
    await shot(page, 'triggers-01-api');

    const created = await h.ada.request('/api/workspaces/default/api-tokens', {
      body: { name: 'CI', scope: 'run' },
    });
    const { token } = (await created.json()) as { token: string };
    const { stdout } = await run('bash', ['-c', snippet], { env: { ...process.env, SYNAPSE_TOKEN: token } });
    const answer = JSON.parse(stdout) as { runId: string; status: string; trigger: string };
    expect(answer.trigger).toBe('api');
    expect((await runView(answer.runId)).inputs).toEqual({ topic: 'tides' });
  });

  it('creates a webhook (URL and secret shown once) whose signed delivery starts a run listed under it', async () => {
    await page.getByTestId('triggers-tab-webhooks').click();
    await page.getByTestId('webhook-name').fill('Issues');
    await page.getByTestId('webhook-input-topic').fill('{{body.issue.title}}');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const url = (await page.getByTestId('webhook-created-url').textContent()) ?? '';
    const secret = (await page.getByTestId('webhook-created-secret').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${h.stack.url}/api/hooks/`));
    const sender = createWebhookSender({ url, secret, send: (target, init) => fetch(target, init) });
    const delivered = await sender.deliver({ issue: { title: 'Tides are late' } });
    expect(delivered.status).toBe(202);
    const { runId } = (await delivered.json()) as { runId: string };

    const listed = await firstRunIn('triggers-webhooks');
    expect(listed).toBe(runId);
    const view = await runView(runId);
    expect(view.trigger).toMatch(/^webhook:/);
    expect(view.inputs).toEqual({ topic: 'Tides are late' });
    await shot(page, 'triggers-02-webhook');
  });

  it('creates a schedule with its next ticks previewed; a tick starts a run listed under it; pausing stops it', async () => {
    await page.getByTestId('triggers-tab-schedules').click();
    await page.getByTestId('schedule-name').fill('Every minute');
    await page.getByTestId('schedule-cron').fill('* * * * *');
    await page.getByTestId('schedule-timezone').fill('Europe/Paris');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="schedule-preview"]')?.textContent?.startsWith('Next:'),
    );
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const item = page.locator('[data-testid^="schedule-"][data-paused="false"]');
    await item.waitFor();
    expect(await item.getByTestId('schedule-next').textContent()).toMatch(/^Next:/);
    expect(await item.getByTestId('schedule-runs-as').textContent()).toBe(`runs as ${h.ada.name}`);

    await clock.tick(MINUTE);
    const runId = await firstRunIn('triggers-schedules');
    const view = await runView(runId);
    expect(view.trigger).toMatch(/^schedule:/);
    expect(view.inputs).toEqual({ topic: 'tides' });
    await shot(page, 'triggers-03-schedule');

    await item.getByTestId('schedule-toggle').click();
    await page.locator('[data-testid^="schedule-"][data-paused="true"]').waitFor();
    const scheduleId = view.trigger?.slice('schedule:'.length) ?? '';
    const firings = async () =>
      (
        (await (
          await h.ada.request(
            `/api/workspaces/default/workflows/${workflowId}/schedules/${scheduleId}/firings`,
          )
        ).json()) as { firings: unknown[] }
      ).firings.length;
    expect(await firings()).toBe(1);
    await clock.tick(MINUTE);
    // Nothing is queued for a paused schedule: pg-boss holds no tick for it.
    const [pending] = await h.stack.server.database.sql.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = $1 and state <> 'completed'`,
      [SCHEDULE_QUEUE],
    );
    expect(pending?.n).toBe(0);
    expect(await firings()).toBe(1);
  });

  it('the history says which trigger started each run', async () => {
    const history = await h.newPage(h.ada);
    await history.goto(`${h.stack.url}/w/default/history`);
    await history.getByTestId('history-run-trigger').first().waitFor();
    const labels = await history.getByTestId('history-run-trigger').allTextContents();
    expect(labels.map((l) => l.replace(' · via ', '')).sort()).toEqual(['API', 'schedule', 'webhook']);
  });

  it('shows a viewer everything read-only, in the dark theme too', async () => {
    const viewer = await h.stack.users.signUp({
      name: 'Vera Viewer',
      inviteToken: await h.stack.users.invite(h.ada, 'default', 'viewer'),
    });
    const viewerPage = await h.newPage(viewer, { colorScheme: 'dark' });
    await viewerPage.goto(h.workflowUrl(workflowId));
    await viewerPage.getByTestId('triggers-button').click();
    await viewerPage.getByTestId('triggers-read-only').waitFor();
    await viewerPage.getByTestId('triggers-tab-schedules').click();
    await viewerPage.getByTestId('triggers-schedules').getByTestId('trigger-run-link').first().waitFor();
    expect(await viewerPage.getByTestId('schedule-form').count()).toBe(0);
    expect(await viewerPage.getByTestId('schedule-toggle').count()).toBe(0);
    await viewerPage.getByTestId('triggers-tab-webhooks').click();
    await viewerPage.getByTestId('triggers-webhooks').getByTestId('trigger-run-link').first().waitFor();
    expect(await viewerPage.getByTestId('webhook-form').count()).toBe(0);
    await shot(viewerPage, 'triggers-04-viewer-dark');
    expect(h.errorsOf(viewerPage)).toEqual([]);
  });
});
