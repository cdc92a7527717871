// The HTTP request node in the editor: added from the palette, configured in its inspector (method, URL,
// a header, a JSON body), shown on the canvas as its request, and run against a local API.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditorHarness, openWorkflow, shot, startEditorHarness, waitForText } from './editor-harness';

let h: EditorHarness;
let api: ReturnType<typeof createServer>;
let apiUrl: string;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  api = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'post-1', ok: true }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  h = await startEditorHarness();
});
afterAll(async () => {
  await h?.close();
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
});

async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''));
}

describe('HTTP request node', () => {
  it('is added from the palette, configured in the inspector and runs against an API', async () => {
    const workflowId = await h.seedWorkflow(h.ada, 'Post it');
    const a = await h.newPage(h.ada);
    await openWorkflow(a, h.workflowUrl(workflowId), 0);
    await a.getByTestId('palette-http').click();
    await a.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 1);
    const [id] = await nodeIds(a);
    await a.locator(`[data-testid="node-inspector"][data-node-id="${id}"]`).waitFor();

    await a.getByTestId('http-method-select').selectOption('POST');
    await a.getByTestId('http-url-input').fill(`${apiUrl}/posts?q=a b`);
    await a.getByTestId('add-http-header').click();
    await a.getByLabel('Header 1 name').fill('X-Client');
    await a.getByLabel('Header 1 value').fill('synapse-e2e');
    await a.getByTestId('http-body-input').fill('{"text": "hello \\"world\\""}');
    // The canvas card shows the request it will make.
    await a
      .locator(`[data-testid="node-${id}"] .wf-node__request`, { hasText: `POST ${apiUrl}/posts?q=a b` })
      .waitFor();
    await waitForText(a, 'sync-status', 'Saved');
    await shot(a, 'http-node-inspector');

    await a.getByTestId('run-button').click();
    await waitForText(a, `node-status-${id}`, 'succeeded');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/posts?q=a%20b' });
    expect(received[0]?.headers['x-client']).toBe('synapse-e2e');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ text: 'hello "world"' });
    expect(h.errorsOf(a)).toEqual([]);
  });
});
