// The Content-Security-Policy the server sends (issue 17 finding 8): the app loads, syncs and installs its
// service worker under it with no violation, works offline from the service worker with the same policy,
// and a script injected inline is blocked. (Every other browser suite runs under the same header, so runs
// and the editor's worker are exercised there too.)
import { addNode, USER_ORIGIN } from '@synapse/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, startEditorHarness } from './editor-harness';

let h: EditorHarness;

beforeAll(async () => {
  h = await startEditorHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('content security policy', () => {
  it('the app works under it and an injected inline script does not run', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Under CSP', (doc) => {
      addNode(doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Writer' } }, USER_ORIGIN);
    });
    const page = await h.newPage(h.ada);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(h.workflowUrl(workflowId));
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await openWorkflow(page, h.workflowUrl(workflowId), 1);
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active !== null))).toBe(
      true,
    );

    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; blocked: string }>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) =>
            resolve({
              ran: (window as unknown as { pwned?: boolean }).pwned === true,
              blocked: event.effectiveDirective,
            }),
          );
          const script = document.createElement('script');
          script.textContent = 'window.pwned = true';
          document.body.append(script);
        }),
    );
    expect(outcome).toEqual({ ran: false, blocked: 'script-src-elem' });
    expect(violations.filter((v) => !v.includes('inline script'))).toEqual([]);
    expect(h.errorsOf(page).filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
  });

  it('the app reloads offline from the service worker with the same policy and no violation', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Offline under CSP', (doc) => {
      addNode(doc, { type: 'agent', position: { x: 0, y: 0 }, data: { label: 'Reader' } }, USER_ORIGIN);
    });
    const page = await h.newPage(h.ada);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await openWorkflow(page, h.workflowUrl(workflowId), 1);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Controlled pages only: the first load may predate the worker's claim.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);

    await page.context().setOffline(true);
    const offline = await page.reload();
    expect(offline?.fromServiceWorker()).toBe(true);
    expect(offline?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);
    await page.getByTestId('sync-status').filter({ hasText: 'Offline' }).waitFor();
    expect(violations).toEqual([]);
    await page.context().setOffline(false);
  });
});
